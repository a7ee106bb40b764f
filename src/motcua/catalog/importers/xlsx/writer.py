"""Writing a catalog as the xlsx template."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from motcua.catalog.importers.records import (
    LEVEL_WORDS,
    ProcedureRecord,
)
from motcua.catalog.importers.xlsx.layout import (
    CHANNELS,
    DOCUMENTS,
    EXCEL_CELL_LIMIT,
    FEES,
    GUIDE,
    GUIDE_LINES,
    LEGAL_BASIS,
    PROCEDURES,
    SHEETS,
    Column,
)


def write(
    records: Iterable[ProcedureRecord], stream: IO[bytes] | str | Path, *, truncated: list[str] | None = None
) -> int:
    """Write the workbook; returns how many procedures it holds.

    A text longer than an Excel cell can hold is cut at the limit and named in `truncated` ("code: column"),
    so the operator knows to keep such procedures in motcua-json, which has no limit.
    """
    cut = truncated if truncated is not None else []
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE
    for line in GUIDE_LINES:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    sheets = {title: _new_sheet(workbook, title, columns) for title, columns in SHEETS.items()}
    count = 0
    for record in records:
        count += 1
        _append(
            cut,
            sheets[PROCEDURES],
            PROCEDURES,
            {
                **record.to_dict(),
                "levels": _words(record.levels, LEVEL_WORDS),
                "target_groups": "\n".join(record.target_groups),
            },
        )
        for channel in record.channels:
            deadline = channel.deadline
            _append(
                cut,
                sheets[CHANNELS],
                CHANNELS,
                {
                    "code": record.code,
                    "channel": channel.channel,
                    "note": channel.note,
                    "deadline_amount": deadline.amount if deadline else None,
                    "deadline_unit": deadline.unit if deadline else None,
                    "deadline_text": deadline.text if deadline else "",
                },
            )
            for fee in channel.fees:
                _append(cut, sheets[FEES], FEES, {"code": record.code, "channel": channel.channel, **fee.__dict__})
        for document in record.documents:
            _append(cut, sheets[DOCUMENTS], DOCUMENTS, {"code": record.code, **document.__dict__})
        for basis in record.legal_basis:
            _append(
                cut,
                sheets[LEGAL_BASIS],
                LEGAL_BASIS,
                {
                    "code": record.code,
                    "document": basis.code,
                    "title": basis.title,
                    "issued_on": basis.issued_on,
                    "issuer": basis.issuer,
                },
            )
    workbook.save(stream)
    return count


def _new_sheet(workbook: Workbook, title: str, columns: list[Column]):
    sheet = workbook.create_sheet(title)
    sheet.append([c.title for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            words = ",".join(column.choices.values())
            validation = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
            validation.error = f"Chọn một trong: {words}"
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
    sheet.freeze_panes = "B2"
    return sheet


def _append(cut: list[str], sheet, title: str, values: dict) -> None:
    row = []
    for column in SHEETS[title]:
        value = values.get(column.key)
        if column.choices and value:
            value = column.choices.get(value, value)
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
            value = value[:EXCEL_CELL_LIMIT]
            cut.append(f"{values.get('code')}: {column.title}")
        row.append("" if value is None else value)
    sheet.append([None if v == "" else v for v in row])


def _words(codes: list[str], words: dict[str, str]) -> str:
    return ", ".join(words.get(code, code) for code in codes)
