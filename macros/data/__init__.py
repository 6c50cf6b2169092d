"""Stage 1 — data: `data/<year>/*.yml` in, a checked Dataset out (strict YAML, schemas, derived figures, rules).

    load(root) -> Dataset with every error found; find_* look figures, documents, decisions and sectors up by key.
"""
from .load import load
from .lookup import closest, find_decision, find_document, find_figure, find_report_field, find_sector
from .model import STATUS_SLUG, STATUSES, UNREPORTED, Dataset, Figure, Indicator, Sector, Year

__all__ = ["load", "closest", "find_decision", "find_document", "find_figure", "find_report_field", "find_sector",
           "STATUS_SLUG", "STATUSES", "UNREPORTED", "Dataset", "Figure", "Indicator", "Sector", "Year"]
