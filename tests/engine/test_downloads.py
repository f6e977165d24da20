"""Downloads through the real huggingface_hub client against the local test hub."""

from __future__ import annotations

import errno
import hashlib
import os
import threading
from pathlib import Path
from typing import IO

import pytest

from engine.common.errors import (
    ChecksumMismatchError,
    DiskSpaceError,
    DownloadCancelledError,
    DownloadError,
    DownloadPausedError,
    HubError,
    OfflineModeError,
    UnsafeNameError,
)
from engine.hub.downloads import (
    QUARANTINE,
    STAGING,
    DownloadControl,
    Downloader,
    DownloadProgress,
    DownloadRequest,
    staged_downloads,
)
from engine.hub.hub_client import HubClient, HubFile
from engine.hub.hub_config import HubConfig
from tests.hub_server import HubServer

REPO = "acme/tiny-GGUF"
FILE = "tiny-Q4_K_M.gguf"
SIZE = 3 * 1024 * 1024 + 123


def payload(seed: int, size: int = SIZE) -> bytes:
    return (hashlib.sha256(str(seed).encode()).digest() * (size // 32 + 1))[:size]


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    return folder


def config(hub: HubServer, **changes: object) -> HubConfig:
    base = {"endpoint": hub.endpoint, "read_timeout": 2.0, "retries": 2, "retry_delay": 0.05}
    base.update(changes)
    return HubConfig(**base)  # type: ignore[arg-type]


def served(hub: HubServer) -> int:
    return sum(hub.body_bytes.values())


def test_download_verifies_and_installs(hub: HubServer, models_dir: Path) -> None:
    data = payload(1)
    hub.add_repo(REPO, {FILE: data, "README.md": b"hello"})
    downloader = Downloader(config(hub), models_dir)
    request = downloader.plan(REPO, FILE)
    assert request.total == SIZE and request.parts[0].sha256 == hashlib.sha256(data).hexdigest()
    reports: list[DownloadProgress] = []
    path = downloader.download(request, on_progress=reports.append)
    assert path == models_dir / "acme" / "tiny-GGUF" / FILE
    assert path.read_bytes() == data
    assert reports[-1].state == "installing" and reports[-1].done == SIZE
    assert any(r.state == "verifying" for r in reports)
    assert not any((models_dir / STAGING).iterdir())
    assert served(hub) == SIZE
    # Already installed: no second transfer.
    assert downloader.download(request) == path
    assert served(hub) == SIZE


def test_search_and_listing_group_split_files(hub: HubServer) -> None:
    parts = {f"big/big-Q8_0-0000{i}-of-00003.gguf": payload(i, 1000 + i) for i in (1, 2, 3)}
    hub.add_repo(
        "acme/big-GGUF",
        {**parts, "small-Q2_K.gguf": b"x" * 10, "mmproj-f16.gguf": b"m"},
        downloads=5,
    )
    hub.add_repo("acme/popular-GGUF", {"p-Q4_0.gguf": b"p"}, downloads=90, likes=1)
    hub.add_repo("other/unrelated", {"u.gguf": b"u"}, downloads=1000)
    client = HubClient(config(hub))
    found = client.search("acme")
    assert [r.repo_id for r in found] == ["acme/popular-GGUF", "acme/big-GGUF"]
    listing = client.list_files("acme/big-GGUF")
    assert listing.commit == "a" * 40
    names = [(m.name, m.quantization, m.size, len(m.parts)) for m in listing.files]
    assert names == [
        ("small-Q2_K.gguf", "Q2_K", 10, 1),
        ("big/big-Q8_0-00001-of-00003.gguf", "Q8_0", 3006, 3),
    ]


def test_split_model_downloads_all_parts_and_appears_whole(
    hub: HubServer, models_dir: Path
) -> None:
    parts = {f"m-Q4_0-0000{i}-of-00002.gguf": payload(i, 500_000) for i in (1, 2)}
    hub.add_repo(REPO, parts)
    downloader = Downloader(config(hub), models_dir)
    request = downloader.plan(REPO, "m-Q4_0-00002-of-00002.gguf")
    assert request.name == "m-Q4_0-00001-of-00002.gguf"
    path = downloader.download(request)
    for name, data in parts.items():
        assert (path.parent / name).read_bytes() == data


def test_connection_cut_mid_body_resumes_within_the_call(hub: HubServer, models_dir: Path) -> None:
    data = payload(2)
    hub.add_repo(REPO, {FILE: data})
    hub.faults.cut_after_bytes = 1024 * 1024
    hub.faults.cut_times = 2
    downloader = Downloader(config(hub), models_dir)
    reports: list[DownloadProgress] = []
    path = downloader.download(downloader.plan(REPO, FILE), on_progress=reports.append)
    assert path.read_bytes() == data
    assert any(r.state == "retrying" for r in reports)
    ranges = [p for m, p in hub.requests if m == "GET" and "resolve" in p]
    assert len(ranges) == 3
    assert served(hub) == SIZE  # nothing fetched twice


def test_pause_then_a_new_downloader_resumes_from_disk(hub: HubServer, models_dir: Path) -> None:
    data = payload(3)
    hub.add_repo(REPO, {FILE: data})
    hub.faults.stall_after_bytes = 2 * 1024 * 1024
    hub.faults.stall_seconds = 30
    control = DownloadControl()
    downloader = Downloader(config(hub, read_timeout=30.0), models_dir)
    request = downloader.plan(REPO, FILE)

    timer = threading.Timer(0.5, control.pause)  # by then the server has stalled

    def pause_when_stalled(progress: DownloadProgress) -> None:
        if progress.done >= 2 * 1024 * 1024 and not timer.is_alive():
            timer.start()

    with pytest.raises(DownloadPausedError):
        downloader.download(request, on_progress=pause_when_stalled, control=control)
    staged = staged_downloads(models_dir)
    assert [s.request for s in staged] == [request]
    on_disk = staged[0].bytes_on_disk
    assert on_disk == 2 * 1024 * 1024
    before = served(hub)
    hub.faults.stall_after_bytes = None
    # A fresh downloader (as after a restart) resumes from the staged request alone.
    path = Downloader(config(hub), models_dir).download(staged[0].request)
    assert path.read_bytes() == data
    assert served(hub) - before == SIZE - on_disk


def test_cancel_deletes_the_partial_file(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: payload(4)})
    control = DownloadControl()
    downloader = Downloader(config(hub), models_dir)

    def cancel_early(progress: DownloadProgress) -> None:
        if progress.done > 0:
            control.cancel()

    with pytest.raises(DownloadCancelledError):
        downloader.download(downloader.plan(REPO, FILE), on_progress=cancel_early, control=control)
    assert staged_downloads(models_dir) == []
    assert not list(models_dir.rglob("*.gguf"))


def test_server_ignoring_range_still_gives_a_correct_file(hub: HubServer, models_dir: Path) -> None:
    data = payload(5)
    hub.add_repo(REPO, {FILE: data})
    downloader = Downloader(config(hub), models_dir)
    request = downloader.plan(REPO, FILE)
    stage = models_dir / STAGING / request.key
    stage.mkdir(parents=True)
    (stage / (FILE + ".part")).write_bytes(data[:1000])
    hub.faults.ignore_range = True
    path = downloader.download(request)
    assert path.read_bytes() == data


def test_stalled_server_times_out_with_a_clear_message(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: payload(6)})
    hub.faults.stall_after_bytes = 100_000
    hub.faults.stall_seconds = 30
    downloader = Downloader(config(hub, read_timeout=0.5, retries=1), models_dir)
    with pytest.raises(DownloadError, match=r"no data from .* for 0\.5 s") as caught:
        downloader.download(downloader.plan(REPO, FILE))
    assert "kept" in str(caught.value)
    assert staged_downloads(models_dir)[0].bytes_on_disk > 0


def test_missing_repo_file_and_gated_repo_are_worded(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: b"x"})
    hub.add_repo("acme/gated-GGUF", {FILE: b"x"}, gated=True)
    downloader = Downloader(config(hub), models_dir)
    with pytest.raises(HubError, match="no such repository"):
        downloader.plan("acme/nothing", FILE)
    with pytest.raises(HubError, match="no GGUF file named"):
        downloader.plan(REPO, "other.gguf")
    with pytest.raises(HubError, match="gated: set an access token"):
        downloader.plan("acme/gated-GGUF", FILE)
    wrong = Downloader(config(hub, token="hf_wrong"), models_dir)
    with pytest.raises(HubError, match="401"):
        wrong.plan("acme/gated-GGUF", FILE)
    right = Downloader(config(hub, token="hf_test_token"), models_dir)
    assert right.download(right.plan("acme/gated-GGUF", FILE)).read_bytes() == b"x"


def test_file_removed_after_planning_is_a_404(hub: HubServer, models_dir: Path) -> None:
    repo = hub.add_repo(REPO, {FILE: payload(7)})
    downloader = Downloader(config(hub), models_dir)
    request = downloader.plan(REPO, FILE)
    del repo.files[FILE]
    with pytest.raises(HubError, match="no such file"):
        downloader.download(request)


def test_sha256_mismatch_quarantines_and_installs_nothing(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: payload(8)}, advertised_sha256={FILE: "0" * 64})
    downloader = Downloader(config(hub), models_dir)
    with pytest.raises(ChecksumMismatchError, match="damaged"):
        downloader.download(downloader.plan(REPO, FILE))
    assert not (models_dir / "acme").exists()
    assert len(list((models_dir / QUARANTINE).iterdir())) == 1


def test_not_enough_space_is_refused_before_any_byte(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: payload(9)})
    downloader = Downloader(config(hub), models_dir, disk_free=lambda _path: 10 * 1024 * 1024)
    request = downloader.plan(REPO, FILE)
    with pytest.raises(DiskSpaceError, match=r"needs 3\.0 MB more"):
        downloader.download(request)
    assert served(hub) == 0


def test_disk_filling_up_mid_download_stops_cleanly_and_resumes(
    hub: HubServer, models_dir: Path
) -> None:
    data = payload(10)
    hub.add_repo(REPO, {FILE: data})
    limit = 1536 * 1024

    class FullDisk:
        def __init__(self, handle: IO[bytes]) -> None:
            self.handle = handle

        def write(self, chunk: bytes) -> int:
            if self.handle.tell() + len(chunk) > limit:
                room = limit - self.handle.tell()
                self.handle.write(chunk[:room])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.handle.write(chunk)

        def __getattr__(self, name: str) -> object:
            return getattr(self.handle, name)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    full = Downloader(config(hub), models_dir, opener=lambda p, m: FullDisk(p.open(m)))  # type: ignore[arg-type,return-value]
    with pytest.raises(DiskSpaceError, match="disk is full"):
        full.download(full.plan(REPO, FILE))
    staged = staged_downloads(models_dir)
    assert staged and staged[0].bytes_on_disk > 0
    # Space freed: the same staged bytes are kept and the rest arrives.
    path = Downloader(config(hub), models_dir).download(staged[0].request)
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "name",
    [
        "../x.gguf",
        "/etc/x.gguf",
        "a/../../x.gguf",
        "C:\\x.gguf",
        "x.exe",
        "a//b.gguf",
        ".hidden.gguf",
    ],
)
def test_hostile_file_names_are_refused_before_any_request(
    hub: HubServer, models_dir: Path, name: str
) -> None:
    hub.add_repo(REPO, {FILE: b"x"})
    downloader = Downloader(config(hub), models_dir)
    with pytest.raises(UnsafeNameError):
        downloader.plan(REPO, name)
    request = DownloadRequest(REPO, name, (), "a" * 40)
    with pytest.raises(UnsafeNameError):
        downloader.download(request)
    with pytest.raises(UnsafeNameError):
        downloader.plan("../acme", FILE)
    assert hub.requests == []


def test_hostile_names_in_a_listing_are_skipped(hub: HubServer) -> None:
    hub.add_repo(REPO, {"../evil-Q4_0.gguf": b"x", FILE: b"y"})
    listing = HubClient(config(hub)).list_files(REPO)
    assert [m.name for m in listing.files] == [FILE]


def test_offline_mode_makes_no_request(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: b"x"})
    offline = config(hub, offline=True)
    with pytest.raises(OfflineModeError):
        HubClient(offline).search("tiny")
    with pytest.raises(OfflineModeError):
        Downloader(offline, models_dir).plan(REPO, FILE)
    request = Downloader(config(hub), models_dir).plan(REPO, FILE)
    count = len(hub.requests)
    with pytest.raises(OfflineModeError):
        Downloader(offline, models_dir).download(request)
    assert len(hub.requests) == count


def test_environment_defaults_and_settings_override() -> None:
    from engine.common.preferences import AppSettings

    env = {"HF_ENDPOINT": "https://mirror.example/", "HF_TOKEN": "hf_env", "HF_HUB_OFFLINE": "1"}
    from_env = HubConfig.resolve(AppSettings(), env)
    assert (from_env.endpoint, from_env.token, from_env.offline) == (
        "https://mirror.example",
        "hf_env",
        True,
    )
    mine = HubConfig.resolve(
        AppSettings(hub_endpoint="https://other.example", hub_token="hf_mine"), {}
    )
    assert (mine.endpoint, mine.token, mine.offline) == ("https://other.example", "hf_mine", False)
    assert HubConfig.resolve(AppSettings(), {}).endpoint == "https://huggingface.co"


def test_the_offline_message_names_its_cause() -> None:
    from engine.common.preferences import AppSettings

    from_env = HubConfig.resolve(AppSettings(), {"HF_HUB_OFFLINE": "1"})
    with pytest.raises(OfflineModeError, match="HF_HUB_OFFLINE is set") as raised:
        HubClient(from_env).search("tiny")
    assert "make run HF_HUB_OFFLINE=0" in str(raised.value)
    assert "Settings" not in str(raised.value)  # the setting cannot change it
    chosen = HubConfig.resolve(AppSettings(offline=True), {"HF_HUB_OFFLINE": "1"})
    with pytest.raises(OfflineModeError, match="Turn it off in Models → Settings"):
        HubClient(chosen).search("tiny")


def test_a_file_without_a_size_is_refused(hub: HubServer, models_dir: Path) -> None:
    hub.add_repo(REPO, {FILE: b"x"})
    request = DownloadRequest(REPO, FILE, (HubFile(FILE, 0, ""),), "a" * 40)
    with pytest.raises(DownloadError, match="no size"):
        Downloader(config(hub), models_dir).download(request)
    assert served(hub) == 0


def test_settings_with_a_token_are_private(tmp_path: Path) -> None:
    from engine.common.preferences import AppSettings, AppSettingsStore

    store = AppSettingsStore(tmp_path)
    store.save(AppSettings(hub_token="hf_secret"))
    assert (tmp_path / "settings.json").stat().st_mode & 0o777 == 0o600
    assert store.load().hub_token == "hf_secret"


def test_unreadable_settings_are_moved_aside_not_written_over(tmp_path: Path) -> None:
    from engine.common.preferences import AppSettings, AppSettingsStore

    broken = '{"hub_token": "hf_secret", "models_dir": "/data/models",'  # cut short
    (tmp_path / "settings.json").write_text(broken, encoding="utf-8")
    store = AppSettingsStore(tmp_path)
    assert store.load() == AppSettings()
    store.save(AppSettings(translate_target="de"))
    assert store.load().translate_target == "de"
    kept = list(tmp_path.glob("settings.unreadable-*.json"))
    assert [path.read_text(encoding="utf-8") for path in kept] == [broken]
    # Readable settings are written over as before.
    store.save(AppSettings(translate_target="es"))
    assert len(list(tmp_path.glob("settings.unreadable-*.json"))) == 1


def test_an_unwritable_models_folder_is_worded(hub: HubServer, tmp_path: Path) -> None:
    hub.add_repo(REPO, {FILE: b"x"})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the models folder should be")
    downloader = Downloader(config(hub), blocker)
    request = downloader.plan(REPO, FILE)
    with pytest.raises(DownloadError, match="Cannot write to the models folder"):
        downloader.download(request)
