"""The OpenAI-compatible HTTP API: request shapes (schema), the model behind it on its
own decoding thread (service), and the ASGI application (server_app)."""
