"""Errors the engine raises: each carries a message fit to show a user as is."""

from __future__ import annotations

from engine.common.messages import Message


class HearthError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user."""


class InvalidModelFileError(HearthError):
    """The file is not a GGUF model llama.cpp can safely be handed."""


class ModelLoadError(HearthError):
    """llama.cpp refused to load a file that passed our own checks."""


class NoChatTemplateError(HearthError):
    """The model carries no chat template, so a chat prompt cannot be built correctly."""


class ChatTemplateError(HearthError):
    """The model's chat template failed to render the conversation."""


class ContextFull(Message):
    """Why a prompt does not fit the model's context, as a ContextOverflowError carries
    it: a reply failed for this reason can be told apart from others where only the
    message travels (a window's signal), so that a translation keeps the segment and
    goes on."""

    @classmethod
    def of(cls, reason: str) -> ContextFull:
        if isinstance(reason, Message):
            return cls(reason.template, reason.fields)
        return cls("{reason}", {"reason": reason})


class ContextOverflowError(HearthError):
    """A message cannot fit the context window even with every older turn dropped."""

    def __init__(self, reason: str = "The message is too long for this model's context.") -> None:
        super().__init__(ContextFull.of(reason))


class LoadCancelledError(ModelLoadError):
    """The user (or a newer choice of model) stopped a load before it finished."""


class HubError(HearthError):
    """The hub (or mirror) could not answer: unreachable, refused, or no such thing."""


class OfflineModeError(HubError):
    """Offline mode is on; nothing was sent."""


class UnsafeNameError(HubError):
    """A repository or file name that could write outside the models folder."""


class DownloadError(HearthError):
    """A download stopped; the bytes already on disk are kept unless said otherwise."""


class DownloadPausedError(DownloadError):
    """The user paused; the partial file is kept for Resume."""


class DownloadCancelledError(DownloadError):
    """The user cancelled; the partial file is deleted."""


class ChecksumMismatchError(DownloadError):
    """The finished file's sha256 differs from the hub's; the file was quarantined."""


class DiskSpaceError(DownloadError):
    """Not enough free disk space (before starting, or the disk filled up)."""
