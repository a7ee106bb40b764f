"""The dossier code as a Code 128 barcode and the look-up address as a QR code, both as SVG data URIs.

Vector images stay sharp on any printer and need no file or network access while the PDF is drawn.
"""

from __future__ import annotations

import base64

import barcode
import qrcode
import qrcode.constants
import qrcode.image.svg
from barcode.writer import SVGWriter

# 0.25 mm bars (about 10 mil) read well on office laser and thermal printers; the quiet zone is the
# standard's ten modules.
_BARCODE_OPTIONS = {
    "module_width": 0.25,
    "module_height": 9.0,
    "quiet_zone": 2.5,
    "margin_top": 0.0,
    "margin_bottom": 0.0,
    "write_text": False,  # the code is printed below in the form's own font
}


def _data_uri(svg: bytes) -> str:
    # The writers start with an XML prolog and a DOCTYPE naming an external DTD: keep only the <svg> element so
    # nothing ever points outside the document.
    start = svg.find(b"<svg")
    return "data:image/svg+xml;base64," + base64.b64encode(svg[start:]).decode("ascii")


def barcode_svg(code: str) -> bytes:
    """Code 128 of the dossier code (ASCII, as the codes are generated)."""
    symbol = barcode.get("code128", code, writer=SVGWriter())
    return symbol.render(writer_options=_BARCODE_OPTIONS)


def qr_svg(url: str) -> bytes:
    # Level M survives a crease or a stamp across the code while keeping it small.
    maker = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    maker.add_data(url)
    maker.make(fit=True)
    return maker.make_image().to_string()


def barcode_uri(code: str) -> str:
    return _data_uri(barcode_svg(code)) if code else ""


def qr_uri(url: str) -> str:
    return _data_uri(qr_svg(url)) if url else ""
