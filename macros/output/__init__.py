"""Stage 6 — output: the built site in, the documents out (PDF through Chromium, Word)."""
