"""Reports as files: Excel workbooks (openpyxl, written row by row so that a long list never sits in memory) and
PDFs (WeasyPrint, with the fonts of the printed forms: dossiers.forms.fonts picks a family with every
Vietnamese letter, and only data: URIs may load)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.desk.views.reports.tables import Table, cells
from motcua.dossiers.forms import fonts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
FORMATS = {"int": "#,##0", "rate": "0.0%", "days": "0.0", "moment": "dd/mm/yyyy hh:mm"}

_thin = Side(style="thin", color="8A94A6")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEAD_FILL = PatternFill("solid", fgColor="E9EEF5")
_HEAD_FONT = Font(bold=True)
_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_TOP = Alignment(vertical="top")


def _cell(ws, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _excel_value(value: Any) -> Any:
    if isinstance(value, datetime):  # Excel has no time zones: the Vietnam time the page shows
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    return value


def write_sheet(wb: Workbook, table: Table, *, title: str, subtitle: str) -> int:
    """One table on its own sheet: a title row, the period and scope, the headings (two rows when columns are
    grouped), the rows, the totals; headings frozen. Returns the number of data rows written."""
    ws = wb.create_sheet(table.sheet[:31])
    head = 3 + len(table.notes)
    body = head + (2 if table.has_bands else 1)
    # A write-only sheet writes its view first: the frozen panes are set before any row.
    ws.freeze_panes = f"{'B' if table.columns[0].kind == 'text' else 'A'}{body}"
    for index, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    width = len(table.columns)
    ws.append([_cell(ws, title, font=Font(bold=True, size=14))])
    ws.append([_cell(ws, subtitle, font=Font(italic=True))])
    for note in table.notes:
        ws.append([_cell(ws, note, font=Font(italic=True, color="B42318"))])
    ws.merged_cells.add(CellRange(min_row=1, max_row=1, min_col=1, max_col=width))
    ws.merged_cells.add(CellRange(min_row=2, max_row=2, min_col=1, max_col=width))
    style = {"font": _HEAD_FONT, "fill": _HEAD_FILL, "alignment": _HEAD_ALIGN, "border": _BORDER}
    if table.has_bands:
        first, second, col = [], [], 1
        for label, span, band in table.bands():
            first.append(_cell(ws, label, **style))
            first.extend(_cell(ws, None, **style) for _n in range(span - 1))
            if band:
                ws.merged_cells.add(CellRange(min_row=head, max_row=head, min_col=col, max_col=col + span - 1))
                second.extend(_cell(ws, c.label, **style) for c in table.columns[col - 1 : col - 1 + span])
            else:
                ws.merged_cells.add(CellRange(min_row=head, max_row=head + 1, min_col=col, max_col=col))
                second.append(_cell(ws, None, **style))
            col += span
        ws.append(first)
        ws.append(second)
    else:
        ws.append([_cell(ws, c.label, **style) for c in table.columns])
    written = 0
    for values in table.rows:
        ws.append([_data_cell(ws, column.kind, value) for column, value in zip(table.columns, values, strict=True)])
        written += 1
    if table.total is not None:
        ws.append(
            [
                _data_cell(ws, column.kind, value, bold=True)
                for column, value in zip(table.columns, table.total, strict=True)
            ]
        )
    return written


def _data_cell(ws, kind: str, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=_excel_value(value))
    cell.border = _BORDER
    if kind in FORMATS and not isinstance(value, str):
        cell.number_format = FORMATS[kind]
    cell.alignment = _WRAP if kind == "text" else _TOP
    if bold:
        cell.font = _HEAD_FONT
    return cell


def xlsx_response(tables: Sequence[Table], *, title: str, subtitle: str, filename: str) -> FileResponse:
    """The workbook written to a temporary file (rows streamed in), sent as an attachment."""
    wb = Workbook(write_only=True)
    for table in tables:
        write_sheet(wb, table, title=f"{title} – {table.title}" if len(tables) > 1 else title, subtitle=subtitle)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    wb.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)


def capped(rows: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    """The first `limit` rows, and whether there were more."""
    taken = list(islice(iter(rows), limit + 1))
    return taken[:limit], len(taken) > limit


def pdf_bytes(tables: Sequence[Table], *, title: str, subtitle: str, printed_at: datetime) -> bytes:
    choice = fonts.choose()
    html = render_to_string(
        "desk/reports/print.html",
        {
            "tables": [
                (table, [cells(table, row) for row in table.rows], cells(table, table.total) if table.total else None)
                for table in tables
            ],
            "title": title,
            "subtitle": subtitle,
            "printed_at": timezone.localtime(printed_at),
            "font_stack": choice.stack,
            "font_scale": f"{choice.scale:g}",
        },
    )
    return HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
