"""What the hub has: GGUF repositories found by text, and a repository's GGUF files
with their sizes, quantizations and sha256 (split files grouped into one model).

Everything goes through huggingface_hub's ``HfApi`` with the configured endpoint and
token; offline mode raises before any request is made, and a hub that cannot be reached
at all raises :class:`HubUnreachableError` at once instead of after the client's retries.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from engine.common.errors import HubError, OfflineModeError
from engine.common.messages import msg
from engine.hub.hub_config import HubConfig
from engine.hub.hub_names import SPLIT_FILE, check_file_name, check_repo_id, quantization_of
from engine.hub.hub_reachability import HubUnreachableError, check_reachable

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from huggingface_hub import HfApi

SortKey = Literal["downloads", "likes"]


@dataclass(frozen=True)
class RepoSummary:
    repo_id: str
    downloads: int
    likes: int
    gated: bool


@dataclass(frozen=True)
class HubFile:
    """One file as the hub lists it. ``sha256`` is empty when the hub gives none."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class HubModelFile:
    """A downloadable model: one file, or all the parts of a split file in order."""

    repo_id: str
    name: str  # the first part's path: what llama.cpp opens
    parts: tuple[HubFile, ...]
    quantization: str

    @property
    def size(self) -> int:
        return sum(part.size for part in self.parts)

    @property
    def is_split(self) -> bool:
        return len(self.parts) > 1


@dataclass(frozen=True)
class RepoListing:
    repo_id: str
    commit: str
    files: tuple[HubModelFile, ...]
    # Split files with parts missing from the listing: shown, not offered.
    incomplete: tuple[str, ...] = ()


def group_gguf_files(repo_id: str, files: list[HubFile]) -> tuple[list[HubModelFile], list[str]]:
    """Group ``x-00001-of-00003.gguf``… into one model; skip non-GGUF files, vision
    projectors (``mmproj``) and unsafe names. Returns (models, incomplete split stems)."""
    singles: list[HubModelFile] = []
    splits: dict[tuple[str, int], dict[int, HubFile]] = {}
    for hub_file in files:
        base = hub_file.path.rsplit("/", 1)[-1]
        if not base.lower().endswith(".gguf") or base.lower().startswith("mmproj"):
            continue
        try:
            check_file_name(hub_file.path)
        except HubError:
            log.warning("Skipping unsafe file name in %s: %r", repo_id, hub_file.path)
            continue
        match = SPLIT_FILE.match(hub_file.path)
        if match:
            key = (match.group("stem"), int(match.group("count")))
            splits.setdefault(key, {})[int(match.group("index"))] = hub_file
        else:
            singles.append(
                HubModelFile(repo_id, hub_file.path, (hub_file,), quantization_of(hub_file.path))
            )
    incomplete = []
    for (stem, count), parts in splits.items():
        if sorted(parts) != list(range(1, count + 1)):
            incomplete.append(stem)
            continue
        ordered = tuple(parts[i] for i in range(1, count + 1))
        singles.append(
            HubModelFile(repo_id, ordered[0].path, ordered, quantization_of(ordered[0].path))
        )
    singles.sort(key=lambda model: (model.size, model.name))
    return singles, sorted(incomplete)


class HubClient:
    """Search and list; one instance per configuration."""

    def __init__(self, config: HubConfig) -> None:
        self.config = config

    def _api(self) -> HfApi:
        if self.config.offline:
            raise OfflineModeError(self.config.offline_message(msg("the hub was not contacted")))
        from huggingface_hub import HfApi  # imported here: it costs 100+ ms at start-up

        return HfApi(endpoint=self.config.endpoint, token=self.config.token or None)

    def search(
        self, text: str, *, sort: SortKey = "downloads", limit: int = 40
    ) -> list[RepoSummary]:
        """GGUF model repositories whose name matches ``text``, most downloaded first.

        Raises :class:`HubUnreachableError` at once when the hub cannot be reached
        (``list_models`` itself would retry for about 23 s first)."""
        api = self._api()
        check_reachable(self.config)
        with hub_errors(self.config, what=msg("search for {text!r}", text=text)):
            found = api.list_models(
                search=text.strip() or None, filter="gguf", sort=sort, limit=limit
            )
            results = [
                RepoSummary(
                    repo_id=model.id,
                    downloads=int(model.downloads or 0),
                    likes=int(model.likes or 0),
                    gated=bool(model.gated),
                )
                for model in found
            ]
        results.sort(key=lambda r: -(r.downloads if sort == "downloads" else r.likes))
        return results

    def list_files(self, repo_id: str, revision: str | None = None) -> RepoListing:
        """The repository's GGUF models with sizes and sha256, pinned to one commit."""
        check_repo_id(repo_id)
        api = self._api()
        with hub_errors(self.config, what=repo_id):
            info = api.model_info(repo_id, revision=revision, files_metadata=True)
        files = []
        for sibling in info.siblings or []:
            lfs = sibling.lfs
            sha256 = ""
            if lfs is not None:
                sha256 = str(getattr(lfs, "sha256", "") or "")
            files.append(HubFile(sibling.rfilename, int(sibling.size or 0), sha256.lower()))
        models, incomplete = group_gguf_files(repo_id, files)
        commit = info.sha or revision or "main"
        return RepoListing(repo_id, commit, tuple(models), tuple(incomplete))


@contextmanager
def hub_errors(config: HubConfig, *, what: str) -> Iterator[None]:
    """Turn huggingface_hub's and the HTTP client's exceptions into one worded HubError."""
    from huggingface_hub import errors as hf

    # huggingface_hub.utils re-exports httpx without declaring it.
    from huggingface_hub.utils import httpx  # type: ignore[attr-defined]

    where = config.describe()
    try:
        yield
    except hf.OfflineModeIsEnabled as error:
        raise OfflineModeError(
            msg("HF_HUB_OFFLINE is set: Hearth does not contact the hub (unset it to download).")
        ) from error
    except hf.GatedRepoError as error:
        if config.token:
            raise HubError(
                msg(
                    "{what} is gated: the token does not have access yet: accept the licence "
                    "on the model's page.",
                    what=what,
                )
            ) from error
        raise HubError(
            msg(
                "{what} is gated: set an access token in Models → Settings after accepting "
                "the licence on the model's page.",
                what=what,
            )
        ) from error
    except hf.RepositoryNotFoundError as error:
        status = _status(error)
        if status == 401 and config.token:
            raise HubError(
                msg("{where} refused the access token (401) for {what}.", where=where, what=what)
            ) from error
        raise HubError(
            msg("{what}: no such repository on {where} (or it is private).", what=what, where=where)
        ) from error
    except hf.RevisionNotFoundError as error:
        raise HubError(
            msg("{what}: that revision does not exist on {where}.", what=what, where=where)
        ) from error
    except (hf.EntryNotFoundError, hf.RemoteEntryNotFoundError) as error:
        raise HubError(msg("{what}: no such file on {where}.", what=what, where=where)) from error
    except hf.HfHubHTTPError as error:
        status = _status(error)
        if status == 401:
            raise HubError(
                msg(
                    "{where} refused the request for {what} (401): check the access token.",
                    where=where,
                    what=what,
                )
            ) from error
        if status:
            raise HubError(
                msg("{where} answered {status} for {what}.", where=where, status=status, what=what)
            ) from error
        raise HubError(
            msg("{where} answered an error for {what}.", where=where, what=what)
        ) from error
    except httpx.TimeoutException as error:
        raise HubError(
            msg("{where} did not answer in time ({what}).", where=where, what=what)
        ) from error
    except httpx.ConnectError as error:
        # No name, no route, nothing listening: not a fault of the request.
        raise HubUnreachableError(config, _connect_reason(error)) from error
    except httpx.TransportError as error:
        raise HubError(
            msg(
                "Cannot reach {where}: {reason}.", where=where, reason=error or type(error).__name__
            )
        ) from error
    except OSError as error:
        raise HubError(msg("Cannot reach {where}: {reason}.", where=where, reason=error)) from error


def _connect_reason(error: BaseException) -> str:
    """The cause of a failed connection in a few words (the errno text when there is one)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror[0].lower() + cause.strerror[1:]
        cause = cause.__cause__ or cause.__context__
    return str(error) or type(error).__name__


def _status(error: BaseException) -> int | None:
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)
