"""The Model menu and picker, the Models window (installed, catalog, hub search, downloads)
and the welcome panel."""
