"""The Word writer behind macros/output/docx.py, in parts: styles (page setup and named styles), text (what is read
of the page), blocks (the writer), formal (the Party document's own parts), xml (WordprocessingML helpers), package
(the file's own package: compatibility, application, no leftover parts)."""
