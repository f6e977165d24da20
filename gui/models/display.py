"""Sizes, numbers, durations and memory fits as the Models window shows them: formatted
with ``QLocale`` (the UI language's) and worded through Qt's translations, so a
Chinese window says ``1.1 GB``, ``1,234`` and ``约 4.2 GB`` the way its readers expect.
The engine keeps its own English wording for the terminal (``engine.common.units``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.hub.hub_config import PUBLIC_HUB, HubConfig
from engine.llm.fit_estimate import Fit, MachineMemory
from gui.common.ui_locale import data_size, ui_locale

__all__ = [
    "data_size",
    "duration",
    "fit_text",
    "gigabytes",
    "hub_text",
    "progress_text",
    "whole_number",
]

_GB = 2**30


def whole_number(n: int) -> str:
    """``n`` with the locale's digit grouping (``1,234``)."""
    return ui_locale().toString(int(n))


def gigabytes(n: float) -> str:
    """Bytes as a number of GB with one decimal (``4.2``), in the UI's locale."""
    return ui_locale().toString(n / _GB, "f", 1)


def duration(seconds: float) -> str:
    """A time left: ``1 h 05 min``, ``4 min 05 s``, ``12 s``."""
    whole = int(seconds)
    if whole >= 3600:
        return QCoreApplication.translate("ModelsDisplay", "{hours} h {minutes} min").format(
            hours=whole // 3600, minutes=f"{whole % 3600 // 60:02d}"
        )
    if whole >= 60:
        return QCoreApplication.translate("ModelsDisplay", "{minutes} min {seconds} s").format(
            minutes=whole // 60, seconds=f"{whole % 60:02d}"
        )
    return QCoreApplication.translate("ModelsDisplay", "{seconds} s").format(seconds=whole)


def fit_text(fit: Fit, memory: MachineMemory) -> str:
    """Whether a model fits, said as ``engine.llm.fit_estimate.estimate_fit`` decides it
    (``memory`` is the memory the fit was worked out against)."""
    need = gigabytes(fit.needed_bytes)
    if fit.kind == "too_large":
        return QCoreApplication.translate(
            "ModelsDisplay", "Too large (≈{need} GB; {free} GB free)"
        ).format(need=need, free=gigabytes(memory.free_ram + memory.free_vram))
    if fit.kind == "partial":
        return QCoreApplication.translate(
            "ModelsDisplay", "Fits with partial GPU offload (≈{need} GB; {vram} GB on the GPU)"
        ).format(need=need, vram=gigabytes(memory.free_vram))
    if memory.free_vram and fit.needed_bytes <= memory.free_vram:
        if memory.gpu_backend:
            return QCoreApplication.translate(
                "ModelsDisplay", "Fits on the {backend} GPU (≈{need} GB)"
            ).format(backend=memory.gpu_backend, need=need)
        return QCoreApplication.translate("ModelsDisplay", "Fits on the GPU (≈{need} GB)").format(
            need=need
        )
    return QCoreApplication.translate(
        "ModelsDisplay", "Fits in memory (≈{need} GB of {free} GB free)"
    ).format(need=need, free=gigabytes(memory.free_ram))


def progress_text(
    done: int, total: int, speed: float = 0.0, eta: float | None = None, message: str = ""
) -> str:
    """A download's bytes, speed, time left and message, joined by `` · ``:
    ``1.1 GB of 4.0 GB · 12.5 MB/s · 4 min 05 s left · Part 1 of 2``."""
    parts = [
        QCoreApplication.translate("ModelsDisplay", "{done} of {total}").format(
            done=data_size(done), total=data_size(total)
        )
    ]
    if speed > 0:
        parts.append(
            QCoreApplication.translate("ModelsDisplay", "{speed}/s").format(speed=data_size(speed))
        )
        if eta is not None:
            parts.append(
                QCoreApplication.translate("ModelsDisplay", "{time} left").format(
                    time=duration(eta)
                )
            )
    if message:
        parts.append(message)
    return " · ".join(parts)


def hub_text(config: HubConfig) -> str:
    """Which hub Hearth talks to, as ``HubConfig.describe`` says it, in the UI language."""
    where = (
        QCoreApplication.translate("ModelsDisplay", "the Hugging Face hub")
        if config.endpoint == PUBLIC_HUB
        else config.endpoint
    )
    if config.offline:
        return QCoreApplication.translate(
            "ModelsDisplay", "offline ({hub} is not contacted)"
        ).format(hub=where)
    if config.token:
        return QCoreApplication.translate("ModelsDisplay", "{hub} with an access token").format(
            hub=where
        )
    return where
