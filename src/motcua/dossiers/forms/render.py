"""Print the forms: HTML from Django templates, PDF from WeasyPrint. No network, no files: everything the page
needs (style sheet, barcode, QR code) is inside the HTML, and the system's fonts do the rest."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from django.template import Context, Engine
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.dossiers.forms import data, fonts, formatting, symbols


@dataclass(frozen=True, slots=True)
class FormSpec:
    number: str  # "01" in "Mẫu số 01"
    title: str
    template: str
    landscape: bool = False
    # Where a title too long for one line breaks, so that it breaks in balanced halves at a phrase.
    lines: tuple[str, ...] = ()

    @property
    def title_lines(self) -> tuple[str, ...]:
        return self.lines or (self.title,)


SPECS: dict[type, FormSpec] = {
    data.Receipt: FormSpec("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "receipt.html"),
    data.SupplementRequest: FormSpec("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "supplement_request.html"),
    data.Refusal: FormSpec("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "refusal.html"),
    data.Apology: FormSpec(
        "04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
        "apology.html",
        lines=("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN", "THỜI GIAN GIẢI QUYẾT HỒ SƠ"),
    ),
    data.StopNotice: FormSpec("05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "stop_notice.html"),
    data.ControlSlip: FormSpec("06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "control_slip.html"),
    data.TrackingBook: FormSpec("07", "SỔ THEO DÕI HỒ SƠ", "tracking_book.html", landscape=True),
}


@functools.cache
def _engine() -> Engine:
    # A private engine: the forms' filters need no templatetags package, autoescaping is always on, and the
    # output does not change with the site's TEMPLATES options.
    return Engine(app_dirs=True, autoescape=True, builtins=["motcua.dossiers.forms.filters"])


def spec_for(form: data.Form) -> FormSpec:
    try:
        return SPECS[type(form)]
    except KeyError:
        raise TypeError(f"not a printable form: {type(form).__name__}") from None


# What one form prints at most, whatever was stored (an API once took a 5 MB reason and 20,000 items: the Mẫu 02
# then took minutes and gigabytes): longer texts are cut with "…", longer lists keep their first rows.
MAX_TEXT = 2000
MAX_ROWS = 100
MAX_BOOK_ROWS = 1000  # the tracking book's own limit (dossiers.selectors.BOOK_MAX_ROWS)


def bounded(value, *, rows: int = MAX_ROWS):
    """The form (or any of its values) with every text and list cut to what a form prints."""
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"
    if isinstance(value, list | tuple):
        return type(value)(bounded(item) for item in value[:rows])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        limit = MAX_BOOK_ROWS if isinstance(value, data.TrackingBook) else MAX_ROWS
        changes = {f.name: bounded(getattr(value, f.name), rows=limit) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def render_html(form: data.Form) -> str:
    """The form as a standalone HTML page (also a browser preview), its texts and lists bounded."""
    spec = spec_for(form)
    form = bounded(form)
    code = getattr(form, "code", "")
    context = {
        "form": form,
        "spec": spec,
        "barcode": symbols.barcode_uri(code),
        "qr": symbols.qr_uri(getattr(form, "lookup_url", "")),
        "place_and_date": _place_and_date(form),
        "centre": form.header.centre_name or form.header.agency_name,
        "document_number": _document_number(form),
        "font_stack": fonts.choose().stack,
        "font_scale": f"{fonts.choose().scale:g}",  # a string: the template would localise "0,92"
    }
    template = _engine().get_template(f"dossiers/forms/{spec.template}")
    return template.render(Context(context, autoescape=True))


def render_pdf(form: data.Form) -> bytes:
    """The form as a PDF, A4 (landscape for the tracking book)."""
    return HTML(string=render_html(form), base_url=None, url_fetcher=_fetcher()).write_pdf()


def _fetcher() -> URLFetcher:
    # Only the data: URIs of our own images may load; a stray http(s) or file address is refused, so printing
    # never waits on a network the centre may not have and never reads the server's files.
    return URLFetcher(allowed_protocols=("data",))


def _document_number(form: data.Form) -> str:
    """The "Số: ..." line of the letters (04, 05); left dotted for the clerk when not numbered yet."""
    if not hasattr(form, "number"):
        return ""
    return form.number or "……/……"


def _place_and_date(form: data.Form) -> str:
    issued_at = getattr(form, "issued_at", None)
    if issued_at is None:
        return ""
    return formatting.place_and_date(form.header.place, issued_at)
