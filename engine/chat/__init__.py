"""The chat history: an SQLite store with full-text search, its schema and migrations,
export and checked import."""
