"""The Translate view: language pair bar, model picker, the runner of a translation job,
segments, glossary and memory panels."""
