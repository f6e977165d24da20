"""Remote engines: OpenAI-compatible servers Hearth chats and translates through."""
