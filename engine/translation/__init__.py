"""Offline translation: document segmenting (text, Markdown, SRT, HTML, Word), prompts,
checks, glossary, translation memory and the job that ties them."""
