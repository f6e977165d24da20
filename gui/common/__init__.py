"""Widgets and helpers every feature uses: the background-work API, the Throttle, message
boxes and the notice banner, Markdown rendering, the crash handler."""
