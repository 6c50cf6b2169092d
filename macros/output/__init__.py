"""Output formats made from the built site: the whole report as a Word file (docx)."""
