"""Stage 5 — site: the adapter to MkDocs and mkdocs-macros (define_env, hooks). It wires; it computes nothing."""
