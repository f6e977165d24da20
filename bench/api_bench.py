"""The API server and the remote-engine client, each against the same work done without
them, side by side in one run:

- streaming through ``main.py serve``'s app with the official openai client, against
  the same decoding service called in-process (tokens/s ratio, and the time to first
  token the HTTP layer adds);
- four streams at once through the API, against four in-process requests (aggregate
  tokens/s);
- four streams at once through the API, against ``llama-server --parallel 4`` (llama.cpp's
  own server, built from the same vendored source) serving the same model to the same
  client, prompt caching off on both (aggregate tokens/s);
- Hearth's remote client on llama-cpp-python's own server, against the official openai
  client on that same server (tokens/s).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.stats import paired_ratios, run_alternating, summarize
from engine.llm.reasoning import ReplyStart

PROMPT = "Write a long story about a lighthouse keeper and a storm."
TOKENS = 200
PARALLEL = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Timing:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first: float | None = None
        self.last = self.start
        self.pieces = 0

    def piece(self) -> None:
        now = time.perf_counter()
        self.first = self.first or now
        self.last = now
        self.pieces += 1


def _in_process(service: Any, sampling: Any, prompt: list[int], count: int) -> tuple[float, float]:
    """Aggregate tokens/s and the first reply's time to first token, in-process."""
    finished = threading.Semaphore(0)
    timings = [_Timing() for _ in range(count)]
    completions = [0] * count
    for index in range(count):

        def on_end(reply: Any, _error: Any, i: int = index) -> None:
            completions[i] = reply.stats.completion_tokens if reply else 0
            finished.release()  # on the decoding thread: never block it

        service.submit(
            prompt,
            sampling,
            on_piece=lambda _text, t=timings[index]: t.piece(),
            on_end=on_end,
            cancel=threading.Event(),
            start=ReplyStart.FRESH,  # as the API's chat requests: thinking split off
        )
    for _ in range(count):
        finished.acquire()
    end = max(t.last for t in timings)
    start = min(t.start for t in timings)
    return sum(completions) / (end - start), (timings[0].first or end) - timings[0].start


# The API's client runs in a process of its own, as an editor or a script does: in the
# server's process its parsing would compete with the server for the interpreter.
_CLIENT = """
import json, sys, threading, time
import openai
base, count, tokens, prompt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
client = openai.OpenAI(base_url=base, api_key="bench", max_retries=0, timeout=300)
def one(results, i):
    start = time.perf_counter(); first = None; last = start; usage = 0
    stream = client.chat.completions.create(model="", messages=[{"role": "user",
        "content": prompt}], temperature=0, seed=1, max_tokens=tokens, stream=True,
        stream_options={"include_usage": True})
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            now = time.perf_counter(); first = first or now; last = now
        if chunk.usage is not None:
            usage = chunk.usage.completion_tokens
    results[i] = (start, first or last, last, usage)
one({}, 0)  # warm: the connection
for line in sys.stdin:
    results = {}
    threads = [threading.Thread(target=one, args=(results, i)) for i in range(count)]
    for t in threads: t.start()
    for t in threads: t.join()
    start = min(r[0] for r in results.values()); end = max(r[2] for r in results.values())
    rate = sum(r[3] for r in results.values()) / (end - start)
    print(json.dumps([rate, results[0][1] - results[0][0]]), flush=True)
"""


class _ApiClient:
    """A client process that runs one round of ``count`` streams per request."""

    def __init__(self, base: str, count: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CLIENT, base, str(count), str(TOKENS), PROMPT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self) -> tuple[float, float]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        rate, ttft = json.loads(self.process.stdout.readline())
        return float(rate), float(ttft)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(30)


def bench_api(model_path: Path, reps: int, threads: int | None = None) -> dict[str, Any]:
    """``threads``: llama.cpp's CPU threads (default all); on a small machine one
    leaves a core to the client process, whose parsing otherwise competes with decoding
    and is counted against the server."""
    import uvicorn

    from engine.api.server_app import create_app
    from engine.api.service import ModelService
    from engine.llm.generation import render_conversation, tokenize_prompt
    from engine.llm.messages import ChatMessage
    from engine.llm.model import load_model
    from engine.llm.parameters import LoadSettings, SamplingSettings

    model = load_model(
        model_path, LoadSettings(n_ctx=1024 * PARALLEL, parallel=PARALLEL, n_threads=threads)
    )
    prompt = tokenize_prompt(model, render_conversation(model, [ChatMessage("user", PROMPT)]))
    sampling = SamplingSettings(temperature=0, seed=1, max_tokens=TOKENS, repeat_penalty=1.0)
    service = ModelService(model).start()
    server = uvicorn.Server(
        uvicorn.Config(create_app(service), host="127.0.0.1", port=_free_port(), log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.config.port}/v1"
    results: dict[str, Any] = {
        "tokens": TOKENS,
        "model": model_path.name,
        "threads": threads or os.cpu_count(),
    }
    try:
        _in_process(service, sampling, prompt, 1)  # warm (the client warms itself)
        for count, key in ((1, "single"), (PARALLEL, "parallel")):
            api_ttft: list[float] = []
            local_ttft: list[float] = []
            api_client = _ApiClient(base, count)

            def api_side(client: _ApiClient = api_client, ttfts: list[float] = api_ttft) -> float:
                rate, ttft = client.run()
                ttfts.append(ttft)
                return rate

            def local_side(n: int = count, ttfts: list[float] = local_ttft) -> float:
                rate, ttft = _in_process(service, sampling, prompt, n)
                ttfts.append(ttft)
                return rate

            try:
                api_rates, local_rates = run_alternating(reps, api_side, local_side)
            finally:
                api_client.close()
            results[key] = {
                "streams": count,
                "ratio": paired_ratios(api_rates, local_rates).as_dict(),
                "api_tps": summarize(api_rates).as_dict(),
                "in_process_tps": summarize(local_rates).as_dict(),
                "added_ttft_ms": summarize(
                    [1000 * (a - b) for a, b in zip(api_ttft, local_ttft, strict=True)]
                ).as_dict(),
            }
        single = results["single"]
        single["target"] = ">= 0.95, TTFT +10 ms"
        single["met"] = (
            single["ratio"]["median"] >= 0.95 and single["added_ttft_ms"]["median"] <= 10
        )
        results["parallel"]["target"] = ">= 0.9"
        results["parallel"]["met"] = results["parallel"]["ratio"]["median"] >= 0.9
        results["llama_server"] = bench_against_llama_server(
            model_path, base, reps, threads or os.cpu_count() or 1
        )
    finally:
        server.should_exit = True
        thread.join(10)
        service.close()
        model.close()
    results["remote"] = bench_remote_client(model_path, reps)
    return results


def _start_llama_server(binary: Path, model_path: Path, threads: int) -> tuple[Any, str]:
    """llama.cpp's server on the model, its slots as Hearth's: four of 1024 tokens."""
    import httpx

    port = _free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "--model",
            str(model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--parallel",
            str(PARALLEL),
            "--ctx-size",
            str(1024 * PARALLEL),
            "--threads",
            str(threads),
            "--threads-batch",
            str(threads),
            "--flash-attn",
            "off",
            "--no-cache-prompt",
            "--no-kv-unified",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return process, f"{base}/v1"
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("llama-server did not start")
        time.sleep(0.2)


def bench_against_llama_server(
    model_path: Path, hearth_base: str, reps: int, threads: int
) -> dict[str, Any]:
    """Four streams through Hearth's API against four through llama-server, the same
    client process shape, alternating. Hearth evaluates each prompt afresh; so does
    llama-server here (``--no-cache-prompt``)."""
    from bench.native_build import ensure_native_tools

    tools, note = ensure_native_tools(targets=("llama-server",))
    if note:
        return {"note": note.replace("native anchor", "llama-server comparison")}
    try:
        process, native_base = _start_llama_server(tools["llama-server"], model_path, threads)
    except (RuntimeError, OSError) as error:
        return {"note": f"llama-server comparison skipped: {error}"}
    hearth = _ApiClient(hearth_base, PARALLEL)
    native = _ApiClient(native_base, PARALLEL)
    try:
        ours, theirs = run_alternating(reps, lambda: hearth.run()[0], lambda: native.run()[0])
    finally:
        hearth.close()
        native.close()
        process.terminate()
        process.wait(10)
    ratio = paired_ratios(ours, theirs).as_dict()
    return {
        "streams": PARALLEL,
        "threads": threads,
        "ratio": ratio,
        "hearth_tps": summarize(ours).as_dict(),
        "llama_server_tps": summarize(theirs).as_dict(),
        "target": ">= 0.9",
        "met": ratio["median"] >= 0.9,
    }


def bench_remote_client(model_path: Path, reps: int) -> dict[str, Any]:
    """Hearth's client and the openai client on llama-cpp-python's own server."""
    import httpx
    import openai

    from engine.llm.messages import ChatMessage
    from engine.llm.parameters import SamplingSettings
    from engine.remote.endpoint import RemoteEndpoint
    from engine.remote.openai_client import stream_chat

    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model_path),
            "--port",
            str(port),
            "--n_ctx",
            "2048",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                model_id = httpx.get(f"{base}/models").json()["data"][0]["id"]
                break
            except (httpx.TransportError, ValueError, KeyError):
                if time.monotonic() > deadline or process.poll() is not None:
                    return {"note": "llama-cpp-python's server did not start"}
                time.sleep(0.2)
        endpoint = RemoteEndpoint("bench", base)
        sampling = SamplingSettings(temperature=0, seed=1, max_tokens=TOKENS)
        client = openai.OpenAI(base_url=base, api_key="bench", max_retries=0, timeout=300)

        def hearth() -> float:
            reply = stream_chat(endpoint, model_id, [ChatMessage("user", PROMPT)], sampling)
            return reply.stats.completion_tokens / (reply.stats.ttft_s + _decode_s(reply))

        def official() -> float:
            timing = _Timing()
            completion = 0
            stream = client.chat.completions.create(
                model=model_id,
                messages=[{"role": "user", "content": PROMPT}],
                temperature=0,
                seed=1,
                max_tokens=TOKENS,
                stream=True,
                stream_options={"include_usage": True},
            )
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    timing.piece()
                if chunk.usage is not None:
                    completion = chunk.usage.completion_tokens
            # The same count as Hearth's client: the server's usage, else the pieces.
            return (completion or timing.pieces) / (timing.last - timing.start)

        ours, theirs = run_alternating(reps, hearth, official)
        ratio = paired_ratios(ours, theirs).as_dict()
        return {
            "ratio": ratio,
            "hearth_tps": summarize(ours).as_dict(),
            "openai_client_tps": summarize(theirs).as_dict(),
            "target": ">= 0.95",
            "met": ratio["median"] >= 0.95,
        }
    finally:
        process.terminate()
        process.wait(10)


def _decode_s(reply: Any) -> float:
    stats = reply.stats
    return (stats.completion_tokens - 1) / stats.decode_tps if stats.decode_tps else 0.0
