"""Stage 3 — sources: `docs/**/*.md` and mkdocs.yml's nav in; pages (front matter, year, URL, title), the nav's
report sections and every macro call out. Reads text only; builds nothing."""
