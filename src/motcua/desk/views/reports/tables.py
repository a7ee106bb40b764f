"""The reports' tables, built once and shown three ways (page, Excel, PDF), so that the three always agree.

A table has columns (a heading, a kind that says how a value is shown, an Excel width, and the band of headings
it belongs to), rows of plain values, and a totals row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from motcua.core.templatetags.motcua import number
from motcua.core.text import sort_key
from motcua.stats.selectors import reports
from motcua.stats.selectors.figures import Scope, Summary, totals

# Kinds of values: text, int (a count), rate (a share 0..1), days (working days, one decimal), moment (a
# datetime shown in Vietnam time), code (a dossier code, a link on screen).
KINDS = ("text", "int", "rate", "days", "moment", "code")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"
    width: int = 10  # in Excel characters
    band: str = ""  # the heading above a group of columns


@dataclass
class Table:
    key: str  # a short name, e.g. "agencies"
    title: str
    sheet: str  # the Excel sheet's name, at most 31 characters
    columns: list[Column]
    rows: Iterable[list[Any]]
    total: list[Any] | None = None
    notes: list[str] = field(default_factory=list)

    def bands(self) -> list[tuple[str, int, bool]]:
        """The first header row: (label, columns spanned, whether it is a band over a second row)."""
        out: list[tuple[str, int, bool]] = []
        for column in self.columns:
            if column.band and out and out[-1][2] and out[-1][0] == column.band:
                label, span, _band = out[-1]
                out[-1] = (label, span + 1, True)
            elif column.band:
                out.append((column.band, 1, True))
            else:
                out.append((column.label, 1, False))
        return out

    @property
    def has_bands(self) -> bool:
        return any(column.band for column in self.columns)


def display(kind: str, value: Any) -> str:
    """A value as the page and the PDF show it, with the separators of the active language."""
    if value is None:
        return "—" if kind in ("rate", "days") else ""
    if isinstance(value, str):
        return value
    if kind == "moment":
        return f"{local(value):%H:%M %d/%m/%Y}"
    if kind == "rate":
        return number(round(Decimal(value) * 100, 1)) + "%"
    if kind == "days":
        return number(round(Decimal(str(value)), 1))
    return number(value)


def cells(table: Table, values: list[Any]) -> list[tuple[str, str]]:
    """(kind, text) for each value of a row."""
    return [(column.kind, display(column.kind, value)) for column, value in zip(table.columns, values, strict=True)]


def local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


# --- the periodic report ----------------------------------------------------------------------------------------


def handling_columns(first: str) -> list[Column]:
    received = _("Dossiers to handle")
    resolved = _("Resolved in the period")
    open_ = _("In progress at the end of the period")
    ended = _("Ended without a result")
    return [
        Column(first, "text", 36),
        Column(pgettext("count column", "Total"), band=received),
        Column(_("Carried over from the previous period"), band=received, width=12),
        Column(_("Received in the period"), band=received, width=12),
        Column(_("of which online"), band=received),
        Column(_("of which at the counter"), band=received),
        Column(_("of which by post"), band=received),
        Column(pgettext("count column", "Total"), band=resolved),
        Column(_("Early"), band=resolved),
        Column(pgettext("timeliness", "On time"), band=resolved),
        Column(pgettext("timeliness", "Late"), band=resolved),
        Column(pgettext("count column", "Total"), band=open_),
        Column(_("Within time"), band=open_),
        Column(pgettext("timeliness", "Late"), band=open_),
        Column(pgettext("dossiers", "Refused"), band=ended),
        Column(pgettext("dossiers", "Stopped"), band=ended),
        Column(pgettext("dossiers", "Withdrawn"), band=ended),
        Column(_("On-time rate"), "rate", 11),
    ]


def handling_values(name: str, s: Summary) -> list[Any]:
    return [
        name,
        s.carried_over + s.received,
        s.carried_over,
        s.received,
        s.received_online,
        s.received_counter,
        s.received_postal,
        s.resolved,
        s.resolved_early,
        s.resolved_on_time,
        s.resolved_late,
        s.in_progress,
        s.in_progress_on_time,
        s.in_progress_late,
        s.refused,
        s.stopped,
        s.withdrawn,
        s.on_time_rate,
    ]


def handling_table(scope: Scope, group: str) -> Table:
    """The report by agency or by field, its rows in Vietnamese order, and the totals row."""
    figures = reports.handling_by(scope, group)
    if group == "agency":
        names = reports.agency_names(figures)
        first, title, sheet = _("Agency"), _("By agency"), _("By agency")
    else:
        names = reports.field_names(figures)
        names[0] = _("No field")
        first, title, sheet = _("Field"), _("By field"), _("By field")
    keys = sorted(figures, key=lambda k: (k == 0, sort_key(names.get(k, ""))))
    rows = [handling_values(names.get(k, "?"), figures[k]) for k in keys]
    total = handling_values(pgettext("totals row", "Total"), totals(figures.values()))
    return Table(group, title, sheet[:31], handling_columns(first), rows, total)


# --- the late dossiers ------------------------------------------------------------------------------------------

LATE_COLUMNS = (
    ("n", "int", 6),
    ("code", "code", 26),
    ("procedure", "text", 40),
    ("agency", "text", 26),
    ("applicant", "text", 22),
    ("received", "moment", 16),
    ("due", "moment", 16),
    ("finished", "moment", 16),
    ("late", "days", 10),
    ("reason", "text", 48),
    ("apology", "text", 10),
)


def late_columns() -> list[Column]:
    labels = {
        "n": _("No."),
        "code": _("Dossier code"),
        "procedure": _("Procedure"),
        "agency": _("Agency"),
        "applicant": _("Applicant"),
        "received": _("Received at"),
        "due": _("Appointment"),
        "finished": _("Finished at"),
        "late": _("Late by (working days)"),
        "reason": _("Reason (extension, supplement)"),
        "apology": _("Written apology (Mẫu 04)"),
    }
    return [Column(labels[key], kind, width) for key, kind, width in LATE_COLUMNS]


def reason_text(row: reports.LateDossier) -> str:
    parts = []
    for reason in row.reasons:
        when = f"{local(reason.at):%d/%m/%Y}"
        if reason.action == "extend":
            parts.append(_("Extended on %(day)s: %(reason)s") % {"day": when, "reason": reason.text})
        else:
            parts.append(_("Supplement requested on %(day)s: %(reason)s") % {"day": when, "reason": reason.text})
    return "\n".join(parts)


def late_values(n: int, row: reports.LateDossier) -> list[Any]:
    return [
        n,
        row.code,
        f"{row.procedure_code} – {row.procedure_name}" if row.procedure_code else row.procedure_name,
        row.agency_name,
        row.applicant_name,
        local(row.received_at),
        local(row.due_at),
        local(row.finished_at) if row.finished_at else _("In progress"),
        row.late_days,
        reason_text(row),
        _("Yes") if row.apology_issued else _("No"),
    ]


def late_table(rows: Iterable[reports.LateDossier], *, first: int = 1) -> Table:
    def values() -> Iterator[list[Any]]:
        for n, row in enumerate(rows, start=first):
            yield late_values(n, row)

    return Table("late", _("Late dossiers"), _("Late dossiers")[:31], late_columns(), values())


# --- officers ---------------------------------------------------------------------------------------------------


def officer_table(scope: Scope) -> Table:
    steps = _("Steps finished")
    columns = [
        Column(_("Officer"), "text", 28),
        Column(_("Agency"), "text", 30),
        Column(_("Dossiers received"), width=11),
        Column(pgettext("count column", "Total"), band=steps),
        Column(_("Early"), band=steps),
        Column(pgettext("timeliness", "On time"), band=steps),
        Column(pgettext("timeliness", "Late"), band=steps),
        Column(_("Results approved"), width=11),
        Column(_("Supplement requests"), width=12),
        Column(_("Results returned"), width=11),
    ]
    lines = reports.officer_lines(scope)
    lines.sort(key=lambda line: (sort_key(line.agency_name), sort_key(line.name)))
    names = reports.OFFICER_COLUMNS
    rows = [[line.name, line.agency_name, *(line.figures[name] for name in names)] for line in lines]
    sums = reports.officer_totals(lines)
    total = [pgettext("totals row", "Total"), "", *(sums[name] for name in names)]
    return Table("officers", _("Officers' figures"), _("Officers")[:31], columns, rows, total)
