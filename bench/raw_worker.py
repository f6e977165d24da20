"""Raw llama-cpp-python in a process of its own, for side-by-side measurements.

Reads one JSON request per line on stdin and answers one JSON line on stdout:
``{"tokens": [...], "max_tokens": N}`` → ``{"ttft": s, "token_times": [...]}``, where
times are seconds since the request arrived; ``{"reset": true}`` clears the KV cache.
A process of its own, so that nothing of Hearth's (Qt, its threads) runs beside it.

Usage: python bench/raw_worker.py MODEL N_CTX THREADS
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    import llama_cpp

    model, n_ctx, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    llm = llama_cpp.Llama(
        model_path=model,
        n_ctx=n_ctx,
        n_threads=threads,
        n_threads_batch=threads,
        n_batch=512,
        verbose=False,
    )
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("reset"):
            # llama-cpp-python leaves Llama.reset without annotations.
            llm.reset()  # type: ignore[no-untyped-call]
            print(json.dumps({"ok": True}), flush=True)
            continue
        started = time.perf_counter()
        times: list[float] = []
        generator = llm.generate(request["tokens"], temp=0.0, top_k=40, top_p=0.95)
        try:
            for token in generator:
                if llama_cpp.llama_vocab_is_eog(vocab, token):
                    break
                llm.detokenize([token])
                times.append(time.perf_counter() - started)
                if len(times) >= request["max_tokens"]:
                    break
        finally:
            generator.close()
        print(json.dumps({"token_times": times}), flush=True)
    llm.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
