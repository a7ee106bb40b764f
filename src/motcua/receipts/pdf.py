"""The e-receipt as a PDF (A5), drawn like the dossier forms: a Django template, WeasyPrint, the forms' font
choice and QR code, no network. The QR leads to the public verification page (/bien-lai/<code>/)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.template import Context, Engine
from django.urls import reverse
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from motcua.dossiers.forms import fonts, formatting, symbols
from motcua.receipts.models import Receipt, ReceiptState
from motcua.signatures.services import signed_once

METHOD_WORDS = {
    "cash": "Tiền mặt",
    "card": "Thẻ ngân hàng",
    "transfer": "Chuyển khoản",
    "qr": "Mã QR",
    "online": "Thanh toán trực tuyến",
}


@functools.cache
def _engine() -> Engine:
    return Engine(app_dirs=True, autoescape=True)


def verification_url(receipt: Receipt) -> str:
    return settings.PUBLIC_URL + reverse("receipts:verify", args=[receipt.code])


def _stylesheet() -> str:
    choice = fonts.choose()
    context = {"font_stack": choice.stack, "font_scale": f"{choice.scale:g}"}
    return _engine().get_template("receipts/receipt_pdf.css").render(Context(context, autoescape=False))


def render_html(receipt: Receipt) -> str:
    """The receipt's HTML (its style sheet apart: WeasyPrint gets it, no page carries an inline style)."""
    issued = formatting.local(receipt.issued_at)
    replaced = receipt.replaces
    context = {
        "r": receipt,
        "agency": receipt.agency.name,
        "centre": receipt.centre.name if receipt.centre_id and receipt.centre else "",
        "issued": issued.strftime("%H:%M ngày %d/%m/%Y"),
        "amount": f"{receipt.amount:,}".replace(",", "."),  # Vietnamese thousands: 1.250.000
        "method": METHOD_WORDS.get(receipt.method, receipt.method),
        "collector": receipt.collector_name or "Cổng thanh toán trực tuyến (hệ thống)",
        "replaces": replaced,
        "replaces_issued": formatting.short_date(formatting.local(replaced.issued_at)) if replaced else "",
        "qr": symbols.qr_uri(verification_url(receipt)),
        "url": verification_url(receipt),
    }
    template = _engine().get_template("receipts/receipt_pdf.html")
    return template.render(Context(context, autoescape=True))


def render_pdf(receipt: Receipt) -> bytes:
    fetcher = URLFetcher(allowed_protocols=("data",))  # only our own data: images; never the network
    html = HTML(string=render_html(receipt), base_url=None, url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)])


def issued_pdf(receipt: Receipt) -> bytes:
    """The e-receipt as issued: signed once with the collecting agency's key when it has one (an electronic
    receipt carries the digital signature of the organisation that collects: Decree 123/2020, art. 32). A
    cancelled receipt prints unsigned, with its cancellation, as it is now."""
    pdf = render_pdf(receipt)
    if receipt.state != ReceiptState.ACTIVE:
        return pdf
    reason = _("Fee receipt %(number)s") % {"number": f"{receipt.series.symbol}-{receipt.number:07d}"}
    return signed_once(
        dossier=receipt.dossier, purpose=f"receipt-{receipt.pk}", agency=receipt.agency, reason=reason, pdf=pdf
    )
