"""Small PDFs for the signatures tests, and the two ways of tampering with a signed one."""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfWriter


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flip_signed_byte(signed: bytes) -> bytes:
    """One byte changed inside the range the signature covers (in the original document's body)."""
    at = signed.index(b"/MediaBox")
    return signed[:at] + b"/MediaBax" + signed[at + len(b"/MediaBox") :]


def add_content_later(signed: bytes) -> bytes:
    """An incremental update after the signature that adds a page's worth of new content: not allowed."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (Da sua) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
