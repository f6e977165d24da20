"""Which hub Hearth talks to, with which token, and whether it may talk at all.

The user's settings come first; the standard ``HF_ENDPOINT``, ``HF_TOKEN`` and
``HF_HUB_OFFLINE`` variables are the defaults, so a mirror set for every Hugging Face
tool works in Hearth too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from engine.common.messages import msg
from engine.common.preferences import AppSettings

PUBLIC_HUB = "https://huggingface.co"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class HubConfig:
    endpoint: str = PUBLIC_HUB
    token: str | None = None
    offline: bool = False
    # Offline because the environment says so (HF_HUB_OFFLINE), not the user's setting.
    offline_from_environment: bool = False
    # Seconds without a byte before a connection counts as stalled.
    read_timeout: float = 30.0
    # Attempts per file after a dropped or stalled connection (each resumes).
    retries: int = 5
    retry_delay: float = 1.0

    @classmethod
    def resolve(
        cls, settings: AppSettings | None = None, environ: Mapping[str, str] | None = None
    ) -> HubConfig:
        env = os.environ if environ is None else environ
        settings = settings or AppSettings()
        endpoint = settings.hub_endpoint.strip() or env.get("HF_ENDPOINT", "").strip() or PUBLIC_HUB
        token = settings.hub_token.strip() or env.get("HF_TOKEN", "").strip() or None
        from_environment = env.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE
        return cls(
            endpoint=endpoint.rstrip("/"),
            token=token,
            offline=settings.offline or from_environment,
            offline_from_environment=from_environment and not settings.offline,
        )

    def offline_message(self, what: str) -> str:
        """Why nothing was sent, and how to change it (``what``: a clause such as
        ``msg("nothing was downloaded")``)."""
        if self.offline_from_environment:
            return msg(
                "Offline: HF_HUB_OFFLINE is set in Hearth's environment, so {what}. "
                "`make run` sets it; start Hearth with `make run HF_HUB_OFFLINE=0` (or "
                "`.venv/bin/hearth`) to use the hub.",
                what=what,
            )
        return msg("Offline mode is on, so {what}. Turn it off in Models → Settings.", what=what)

    def describe(self) -> str:
        where = msg("the Hugging Face hub") if self.endpoint == PUBLIC_HUB else self.endpoint
        if self.offline:
            return msg("offline ({hub} is not contacted)", hub=where)
        if self.token:
            return msg("{hub} with an access token", hub=where)
        return where


def validate_endpoint(text: str) -> str:
    """A mirror URL as typed by the user, checked; returns it without a trailing slash."""
    value = text.strip().rstrip("/")
    if not value:
        return ""
    if not (value.startswith("https://") or value.startswith("http://")) or " " in value:
        raise ValueError(
            msg("{address!r} is not a web address (it must start with https://).", address=text)
        )
    return value
