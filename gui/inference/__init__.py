"""The inference worker thread that owns the model, and its GUI-thread controller."""
