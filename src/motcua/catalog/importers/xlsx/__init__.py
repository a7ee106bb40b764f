"""The spreadsheet template administrators fill in (docs/catalog-format.md, "xlsx").

One workbook, one sheet per table, Vietnamese headers in row 1, one row per item from row 2. Rows of the child
sheets are tied to their procedure by its code. Channel, unit, level and online level columns take the
Vietnamese words shown in their drop-down lists (the English codes are accepted too).
"""

from motcua.catalog.importers.xlsx.layout import EXCEL_CELL_LIMIT, SHEETS, FormatError
from motcua.catalog.importers.xlsx.reader import iter_records
from motcua.catalog.importers.xlsx.writer import write

__all__ = ["EXCEL_CELL_LIMIT", "SHEETS", "FormatError", "iter_records", "write"]
