"""The local OpenAI-compatible API server in the window: its settings and its thread."""
