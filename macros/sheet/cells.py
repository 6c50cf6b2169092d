"""What a workbook cell holds besides a plain value (made by workbook.py, read by fill.py; no openpyxl here)."""


class Percent:
    """A number shown with Excel's percent format: 100% is stored as 1, 79,85% as 0.7985 (fill.py converts it)."""

    def __init__(self, value):
        self.value = value


class Uncomputed:
    """A formula cell whose result the file does not hold (saved by a program that does not compute formulas)."""

    def __init__(self, formula: str):
        self.formula = formula


class Merged:
    """A cell of column A, E or H inside a merged range other than its first cell: merging kept only the first
    cell's value, so what this one held is gone (refused on import, never taken for a cell left empty)."""

    def __init__(self, ref: str):
        self.ref = ref
