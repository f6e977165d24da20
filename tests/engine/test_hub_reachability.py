"""A hub that cannot be reached is said so at once: no retries, the endpoint named, and
what to do. Only unresolvable names (``.invalid``) and closed ports on 127.0.0.1 are
used: these tests never reach the public hub."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from engine.common.errors import HubError, OfflineModeError
from engine.common.preferences import AppSettings
from engine.hub.downloads import Downloader
from engine.hub.hub_client import HubClient
from engine.hub.hub_config import HubConfig
from engine.hub.hub_reachability import HubUnreachableError, check_reachable
from tests.hub_server import HubServer

OFFLINE = "You are offline (or the hub is unreachable)"


def allow_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client may send (tests/conftest.py keeps it offline by default)."""
    import huggingface_hub.constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def retries_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "Retrying in" in r.getMessage()]


def test_search_of_an_unknown_host_says_offline_and_does_not_retry(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    allow_the_client(monkeypatch)
    config = HubConfig(endpoint="http://hub.invalid")
    with caplog.at_level(logging.WARNING), pytest.raises(HubUnreachableError) as raised:
        HubClient(config).search("qwen")
    message = str(raised.value)
    assert message.startswith(OFFLINE)
    assert "http://hub.invalid" in message and "could not be resolved" in message
    assert "Models → Settings" in message  # where the mirror is set
    assert "Errno" not in message
    assert retries_logged(caplog) == []


def test_nothing_listening_is_worded_the_same_for_search_listing_and_download(
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    closed_port: int,
    tmp_path: Path,
) -> None:
    allow_the_client(monkeypatch)
    endpoint = f"http://127.0.0.1:{closed_port}"
    config = HubConfig(endpoint=endpoint)
    with caplog.at_level(logging.WARNING):
        with pytest.raises(HubUnreachableError, match="connection was refused") as searched:
            HubClient(config).search("qwen")
        with pytest.raises(HubUnreachableError) as listed:
            HubClient(config).list_files("acme/tiny-GGUF")
        with pytest.raises(HubUnreachableError) as planned:
            Downloader(config, tmp_path).plan("acme/tiny-GGUF", "tiny-Q4_K_M.gguf")
    for raised in (searched, listed, planned):
        assert str(raised.value).startswith(OFFLINE) and endpoint in str(raised.value)
        assert raised.value.endpoint == endpoint
    assert retries_logged(caplog) == []


def test_a_reachable_hub_passes_the_check(hub: HubServer) -> None:
    check_reachable(HubConfig(endpoint=hub.endpoint))
    hub.add_repo("acme/tiny-GGUF", {"tiny-Q4_K_M.gguf": b"x"})
    found = HubClient(HubConfig(endpoint=hub.endpoint)).search("tiny")
    assert [r.repo_id for r in found] == ["acme/tiny-GGUF"]


def test_the_check_goes_to_the_proxy_when_one_applies(
    monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    # A proxy resolves the hub's name itself: only the proxy has to be reachable here.
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{closed_port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with pytest.raises(HubUnreachableError, match=f"proxy 127.0.0.1:{closed_port}"):
        check_reachable(HubConfig(endpoint="https://hub.invalid"))


def test_offline_mode_keeps_its_own_message_and_sends_nothing() -> None:
    from_env = HubConfig.resolve(AppSettings(), {"HF_HUB_OFFLINE": "1", "HF_ENDPOINT": ""})
    with pytest.raises(OfflineModeError) as raised:
        HubClient(from_env).search("qwen")
    assert str(raised.value) == from_env.offline_message("the hub was not contacted")
    assert not isinstance(raised.value, HubUnreachableError)
    assert isinstance(raised.value, HubError)
