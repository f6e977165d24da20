"""The model library (installed, linked, starter models), the shipped catalog, other apps'
model folders and per-model load profiles."""
