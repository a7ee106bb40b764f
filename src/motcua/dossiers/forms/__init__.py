"""The printed forms of Circular 03/2025 (Mẫu 01-07): fill a dataclass from `data`, then `render_pdf` it."""

from motcua.dossiers.forms.data import (
    Apology,
    BookRow,
    ControlSlip,
    DocumentLine,
    Handover,
    Header,
    Party,
    Receipt,
    Refusal,
    StopNotice,
    SupplementRequest,
    TrackingBook,
)
from motcua.dossiers.forms.render import render_html, render_pdf

__all__ = [
    "Apology",
    "BookRow",
    "ControlSlip",
    "DocumentLine",
    "Handover",
    "Header",
    "Party",
    "Receipt",
    "Refusal",
    "StopNotice",
    "SupplementRequest",
    "TrackingBook",
    "render_html",
    "render_pdf",
]
