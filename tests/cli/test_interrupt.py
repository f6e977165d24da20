"""Ctrl+C in ``ask`` and ``translate`` while a long prompt is being evaluated: the
command stops at once with exit code 130, as a user at a terminal would see it."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORDS = ["river", "stone", "lamp", "garden", "window", "bread", "cloud", "music", "tree"]


def _text(words: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _interrupt_during_prompt(
    args: list[str], stdin: str, sent: int = signal.SIGINT
) -> tuple[int, str, str, float]:
    """Start ``main.py args``, press Ctrl+C (or send ``sent``) once it evaluates a
    prompt; returns the exit code, stdout, stderr and the seconds from the signal to the
    exit."""
    process = subprocess.Popen(
        [sys.executable, "main.py", "--verbose", *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    assert process.stderr is not None
    started = threading.Event()
    errors: list[str] = []

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            errors.append(line)
            if "Evaluating" in line and "prompt tokens" in line:
                started.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    out: list[str] = []
    out_reader = threading.Thread(
        target=lambda: out.append(process.stdout.read()),  # type: ignore[union-attr]
        daemon=True,
    )
    out_reader.start()
    process.stdin.write(stdin)
    process.stdin.close()
    try:
        assert started.wait(120), "the prompt never started:\n" + "".join(errors[-20:])
        time.sleep(0.3)  # well into the prompt, which takes seconds
        assert process.poll() is None, "the prompt ended before Ctrl+C"
        process.send_signal(sent)
        interrupted = time.monotonic()
        sent_at = time.time()
        code = process.wait(60)
        latency = time.monotonic() - interrupted
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(10)
    out_reader.join(10)
    process.stdout.close()
    process.stderr.close()
    for line in errors:
        if "Reply finished" in line:
            stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            print(f"the reply ended {(stamp - sent_at) * 1000:.0f} ms after Ctrl+C")
            break
    return code, "".join(out), "".join(errors), latency


def test_ctrl_c_stops_ask_during_the_prompt(smollm2: Path) -> None:
    prompt = _text(5000, 1) + "\nWhich word comes first?"
    args = ["ask", "--model", str(smollm2), "--ctx", "8192", "--temperature", "0", "-"]
    code, out, err, latency = _interrupt_during_prompt(args, prompt)
    print(f"ask ended {latency * 1000:.0f} ms after Ctrl+C")
    assert code == 130, err[-2000:]
    assert not out.strip(), "stopped before any reply text"
    assert "Traceback" not in err
    assert " ERROR " not in err, "a Stop is not an error in the log"


def test_ctrl_c_stops_translate_during_a_prompt(smollm2: Path, tmp_path: Path) -> None:
    document = tmp_path / "long.txt"
    document.write_text("\n\n".join(_text(180, seed) + "." for seed in range(12)), encoding="utf-8")
    args = ["translate", "--model", str(smollm2), "--to", "fr", "--from", "en"]
    args += ["--ctx", "4096", "--no-memory", str(document)]
    code, _out, err, latency = _interrupt_during_prompt(args, "")
    print(f"translate ended {latency * 1000:.0f} ms after Ctrl+C")
    assert code == 130, err[-2000:]
    assert "Stopped after" in err
    # --no-memory translates everything again: resuming is the same command without it.
    assert "run the same command without --no-memory to resume" in err
    assert "Traceback" not in err


def test_sigterm_stops_translate_as_ctrl_c_does(smollm2: Path, tmp_path: Path) -> None:
    document = tmp_path / "long.txt"
    document.write_text("\n\n".join(_text(180, seed) + "." for seed in range(12)), encoding="utf-8")
    args = ["translate", "--model", str(smollm2), "--to", "fr", "--from", "en"]
    args += ["--ctx", "4096", "--no-memory", str(document)]
    code, _out, err, latency = _interrupt_during_prompt(args, "", signal.SIGTERM)
    print(f"translate ended {latency * 1000:.0f} ms after SIGTERM")
    assert code == 143, err[-2000:]
    assert "Stopped after" in err
    assert "Traceback" not in err


def test_a_second_ctrl_c_ends_the_process_even_inside_a_callback() -> None:
    # The second press arrives while Python runs a ctypes callback (as llama.cpp's
    # abort callback is), where a KeyboardInterrupt would be swallowed.
    script = """
import ctypes, os, signal, threading, time
from cli.interrupt import cancel_on_sigint
cancel = threading.Event()
CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)
def busy(_):
    os.kill(os.getpid(), signal.SIGINT)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        pass
    return 0
callback = CALLBACK(busy)
with cancel_on_sigint(cancel):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.1)
    assert cancel.is_set()
    qsort = ctypes.CDLL(None).qsort
    array = (ctypes.c_int * 2)(2, 1)
    compare = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(
        lambda a, b: callback(0)
    )
    qsort(array, 2, ctypes.sizeof(ctypes.c_int), compare)
print("still running")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 130, done.stderr
    assert "still running" not in done.stdout
    assert "interrupted" in done.stderr
