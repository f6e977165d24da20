"""An OpenAI-compatible server as Hearth names it (plain data, no network library:
the window imports it at start-up; engine.remote.openai_client does the talking)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class RemoteEndpoint:
    """An OpenAI-compatible server: ``base_url`` ends where ``/models`` and
    ``/chat/completions`` begin (``http://host:8080/v1``)."""

    name: str
    base_url: str
    # Never in a repr (a log line, an error, a debugger): they may hold secrets.
    api_key: str = field(default="", repr=False)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc or self.base_url

    def request_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path
