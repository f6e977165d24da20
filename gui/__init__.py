"""Hearth's Qt Widgets interface: windows, Qt models and the worker threads over ``engine``."""
