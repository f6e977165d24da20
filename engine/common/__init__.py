"""Shared by every engine feature: errors, app folders, preferences, units, the instance
lock, logging, the machine's memory."""
