"""The Hugging Face hub: names, search and listing, and resumable, verified downloads."""
