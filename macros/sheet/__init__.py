"""Figures collected in a spreadsheet: `python -m macros sheet export|import` (commands/sheet.py).

  rows      the values an editor states in data/<year>/, one row each, with file, line and column
  workbook  the xlsx (openpyxl) for the units, read back
  readers   the readers' download of the figures page (xlsx by xlsx.py with the standard library, CSV)
  fill      a cell into its data file: the scalar a person meant, in place of the old value's text
  cells     what a cell holds besides a plain value (a percent-formatted number, a formula without its result)
"""
