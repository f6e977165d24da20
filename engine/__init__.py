"""Hearth's domain logic: models, generation, history, downloads, translation.

Nothing in this package imports Qt; every feature works headless and is tested so.
"""

__version__ = "0.1.0"
