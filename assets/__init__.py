"""Files Hearth ships beside its code (the model catalog, the style sheet), found through
importlib.resources so that an installed wheel finds them as a source checkout does."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def asset(name: str) -> Traversable:
    """The shipped file ``name`` (``catalog.json``, ``style.qss``)."""
    return files(__name__).joinpath(name)
