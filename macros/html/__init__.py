"""Stage 4 — html: a Dataset and the page being built in, HTML out, laid out by templates in html/templates/ with
every data string escaped (markup.py)."""
