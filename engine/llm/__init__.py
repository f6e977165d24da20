"""llama.cpp: loading a GGUF, GPU offload, chat templates (bounded sandbox), the context
budget, and generation on the C API (one reply, or several sequences per batch)."""
