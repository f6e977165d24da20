"""Build llama.cpp's own benchmarks (``llama-bench``, ``llama-batched-bench``) and its
server (``llama-server``, for the API section) once, from the llama.cpp source that the
installed llama-cpp-python vendors, so that the native anchor runs the very code Hearth
runs.

The sdist is fetched with pip into ``.cache/native/`` and only the targets asked for
are built (``-j2``); the binaries stay there for later runs. Without a compiler or cmake the build
is skipped and the reason returned.

Usage: python -m bench.native_build
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "native"
TARGETS = ("llama-bench", "llama-batched-bench")


def _version() -> str:
    return metadata.version("llama-cpp-python")


def build_dir(flavour: str = "") -> Path:
    return CACHE / f"build-{_version()}{'-' + flavour if flavour else ''}"


def binary(name: str, flavour: str = "") -> Path:
    return build_dir(flavour) / "bin" / name


def _source() -> Path:
    version = _version()
    tree = CACHE / f"llama_cpp_python-{version}"
    if (tree / "vendor" / "llama.cpp" / "CMakeLists.txt").exists():
        return tree
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / f"llama_cpp_python-{version}.tar.gz"
    if not archive.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-binary",
                ":all:",
                "--no-deps",
                f"llama-cpp-python=={version}",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
    with tarfile.open(archive) as sdist:
        sdist.extractall(CACHE, filter="data")
    return tree


def ensure_native_tools(
    cmake_args: tuple[str, ...] = (), flavour: str = "", targets: tuple[str, ...] = TARGETS
) -> tuple[dict[str, Path], str]:
    """The built tools by name, and a note (empty when they are there).

    ``cmake_args`` (e.g. ``-DGGML_CUDA=on``) build a ``flavour`` of their own beside the
    CPU build. ``targets``: the tools wanted (``llama-server`` for the API section).
    """
    if all(binary(t, flavour).exists() for t in targets):
        return {t: binary(t, flavour) for t in targets}, ""
    missing = [tool for tool in ("cmake", "c++") if shutil.which(tool) is None]
    if missing:
        return {}, f"native anchor skipped: no {' or '.join(missing)} on this machine"
    try:
        source = _source() / "vendor" / "llama.cpp"
        build = build_dir(flavour)
        # The same defaults llama-cpp-python's own build uses on this machine (Release,
        # GGML_NATIVE on, no curl), and nothing beyond the two tools.
        configure = [
            "cmake",
            "-S",
            str(source),
            "-B",
            str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DLLAMA_CURL=OFF",
            "-DLLAMA_BUILD_TESTS=OFF",
            "-DLLAMA_BUILD_EXAMPLES=OFF",
            "-DLLAMA_BUILD_SERVER=ON",
            "-DLLAMA_BUILD_TOOLS=ON",
            *cmake_args,
        ]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        print(f"Building {', '.join(targets)} once (a few minutes)…", flush=True)
        # As the Makefile builds llama-cpp-python: without AMX where it cannot run here.
        flags = subprocess.run(
            ["sh", str(REPO / "scripts" / "llama_cpu_flags.sh")],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        subprocess.run(
            configure,
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "CFLAGS": flags, "CXXFLAGS": flags} if flags else None,
        )
        subprocess.run(
            ["cmake", "--build", str(build), "-j2", "--target", *targets],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ},
        )
    except (subprocess.CalledProcessError, OSError, tarfile.TarError) as error:
        return {}, f"native anchor skipped: the build failed ({error})"
    return {t: binary(t, flavour) for t in targets}, ""


if __name__ == "__main__":
    tools, note = ensure_native_tools()
    print(note or "\n".join(f"{name}: {path}" for name, path in tools.items()))
    sys.exit(1 if note else 0)
