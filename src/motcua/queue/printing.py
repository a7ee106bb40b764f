"""The printed ticket: 80 mm wide, for the thermal printers of ticket kiosks, as HTML (printed by the kiosk's
browser) or PDF (WeasyPrint, for printers driven without a browser). The same template draws both."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.dossiers.forms.symbols import qr_uri
from motcua.queue.models import Ticket


@dataclass(frozen=True)
class PrintedTicket:
    label: str
    area_name: str
    centre_name: str
    priority: str  # the category's name, empty for none
    issued_at: datetime  # Vietnam time
    waiting_before: int
    follow_url: str
    qr: str  # data: URI of the QR leading to follow_url


def printed(ticket: Ticket, waiting_before: int) -> PrintedTicket:
    url = f"{settings.PUBLIC_URL}{reverse('floor:follow', kwargs={'token': ticket.token})}"
    return PrintedTicket(
        label=ticket.label,
        area_name=ticket.area.name,
        centre_name=ticket.centre.name,
        priority=ticket.get_priority_display() if ticket.priority else "",
        issued_at=timezone.localtime(ticket.issued_at),
        waiting_before=waiting_before,
        follow_url=url,
        qr=qr_uri(url),
    )


def ticket_pdf(ticket: PrintedTicket) -> bytes:
    html = render_to_string("queue/ticket_pdf.html", {"ticket": ticket, "css": _ticket_css()})
    # Only our own data: URIs load (no network, no server file).
    return HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


@functools.cache
def _ticket_css() -> str:
    """The ticket's stylesheet, the one the kiosk's browser prints with, inlined for WeasyPrint."""
    path = finders.find("queue/ticket.css")
    assert isinstance(path, str)
    with open(path, encoding="utf-8") as css:
        return css.read()
