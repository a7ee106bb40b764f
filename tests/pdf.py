"""Reading PDFs back in tests: the text a person reads, and whether the barcode and QR code were drawn."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pages_text(pdf: bytes) -> list[str]:
    # Zero-width spaces let long codes wrap in narrow cells; a reader does not see them.
    return [nfc(page.extract_text()).replace("\u200b", "") for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces as single spaces: phrases may wrap anywhere."""
    return re.sub(r"\s+", " ", text)


def page_size(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


def drawn_symbols(pdf: bytes) -> tuple[int, int]:
    """WeasyPrint draws the SVGs as vector paths on the first page: the barcode's bars are rectangles (`re`),
    the QR code's modules closed squares (`h`). Counts both."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    return len(re.findall(rb"\sre\n", content)), len(re.findall(rb"(?m)^h\n|\sh\n", content))


def has_barcode_and_qr(pdf: bytes) -> bool:
    bars, squares = drawn_symbols(pdf)
    return bars >= 40 and squares >= 200
