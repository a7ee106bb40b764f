"""Signing a PDF with an agency's key: PAdES B-B, B-T when a timestamp authority is configured, B-LT (revocation
information embedded) when MOTCUA_SIGNING_LONG_TERM is on; a visible stamp with a QR code leading to the
document's public verify page."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from asn1crypto import x509
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fontTools.subset import Options as SubsetOptions
from fontTools.subset import Subsetter
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import QRStampStyle

from motcua.signatures.keys import SigningFailed, open_signer
from motcua.signatures.models import SigningKey
from motcua.signatures.verification import validation_context

log = logging.getLogger(__name__)
STAMP_BOX = (330, 30, 565, 110)  # bottom right of the last page (points, A4 is 595 × 842)
TIME_FORMAT = "%H:%M:%S %d/%m/%Y"  # pyHanko formats the signing time, in the server's time zone (Vietnam)


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    subject: str
    serial: str
    signed_at: datetime
    timestamped: bool


def sign_pdf(*, pdf: bytes, key: SigningKey, reason: str, verify_url: str = "") -> bytes:
    """The PDF signed with `key` (an incremental update: the original bytes stay as they were). `verify_url`:
    printed as a QR code in the visible stamp. SigningFailed when the key cannot sign or the PDF is unreadable."""
    return sign(pdf=pdf, key=key, reason=reason, verify_url=verify_url).pdf


def sign(*, pdf: bytes, key: SigningKey, reason: str, verify_url: str = "") -> Signed:
    tsa = key.tsa_url or settings.SIGNING_TSA_URL
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        last_page = int(writer.root["/Pages"]["/Count"]) - 1
        if last_page < 0:
            raise ValueError("no page")
    except (PdfError, KeyError, TypeError, ValueError) as error:
        raise SigningFailed("signing_pdf_unreadable", _("The result file is not a PDF that can be signed.")) from error
    if verify_url:
        _link(writer, last_page, verify_url)
    with open_signer(key) as signer:
        cert: x509.Certificate = signer.signing_cert  # type: ignore[assignment]
        now = timezone.now()
        meta = signers.PdfSignatureMetadata(
            field_name="MotcuaSignature",
            reason=reason[:200],
            location=key.location or key.agency.name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            embed_validation_info=settings.SIGNING_LONG_TERM,
            validation_context=validation_context() if settings.SIGNING_LONG_TERM else None,
        )
        signer_name = cert.subject.native.get("common_name", "")
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=HTTPTimeStamper(tsa, timeout=10) if tsa else None,
            stamp_style=_stamp_style(verify_url) if verify_url else None,
            new_field_spec=fields.SigFieldSpec("MotcuaSignature", on_page=last_page, box=STAMP_BOX)
            if verify_url
            else None,
        )
        params = {"signer": signer_name}
        if verify_url:
            params["url"] = verify_url
        try:
            output = pdf_signer.sign_pdf(writer, appearance_text_params=params)
        except SigningFailed:
            raise
        except Exception as error:
            # A token that refuses (a PIN locked meanwhile), a TSA that does not answer, a broken PDF: the
            # approval is refused; what failed is logged without any secret.
            log.warning("signing with the key of agency %s failed: %s", key.agency_id, type(error).__name__)
            raise SigningFailed(
                "signing_failed",
                _("Signing with the key of %(agency)s failed (%(what)s); nothing was changed. Try again.")
                % {"agency": key.agency.name, "what": type(error).__name__},
            ) from error
    return Signed(
        pdf=output.getvalue(),
        subject=cert.subject.human_friendly[:500],
        serial=format(cert.serial_number, "x"),
        signed_at=now,
        timestamped=bool(tsa),
    )


def _link(writer: IncrementalPdfFileWriter, page: int, url: str) -> None:
    """A link over the stamp, so that a click in a PDF reader opens the verify page as the QR does; added in
    the same revision as the signature, so the signature covers it."""
    page_ref = writer.find_page_for_modification(page)[0]
    annot = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Link"),
            generic.pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in STAMP_BOX]),
            generic.pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),
            generic.pdf_name("/A"): generic.DictionaryObject(
                {
                    generic.pdf_name("/S"): generic.pdf_name("/URI"),
                    generic.pdf_name("/URI"): generic.pdf_string(url),
                }
            ),
        }
    )
    writer.register_annotation(page_ref, writer.add_object(annot))


# The letters a stamp may need: Latin with every Vietnamese letter and tone mark, digits and punctuation. The
# stamp's font is cut down to them once: pyHanko subsets the font it is given again at every signature, and the
# whole of DejaVu Sans (6,000 glyphs) made that most of a signature's time (docs/bench-fees-signatures.md).
STAMP_UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x250),  # Latin-1, Latin Extended-A and -B (đ, ơ, ư)
    *range(0x300, 0x370),  # combining diacritics
    *range(0x1E00, 0x1F00),  # Latin Extended Additional (ạ, ế, ữ…)
    *range(0x2010, 0x2070),  # dashes, quotes, ellipsis
]


@lru_cache(maxsize=4)
def _stamp_font(configured: str, var_dir: str) -> Path | None:
    """The stamp's font, cut down to STAMP_UNICODES and at 1000 units per em: pyHanko 0.38 writes a TrueType
    font's glyph widths in the font's own units, which PDF readers take as thousandths of an em, so a 2048-unit
    font (DejaVu) was drawn twice too wide. The copy is made once under <VAR_DIR>/cache."""
    source = Path(configured)
    if not source.is_file():
        return None
    target = Path(var_dir) / "cache" / f"{source.stem}-stamp-1000.ttf"
    if not target.exists():
        font = TTFont(str(source))
        subsetter = Subsetter(options=SubsetOptions(name_IDs=["*"], notdef_outline=True))
        subsetter.populate(unicodes=STAMP_UNICODES)
        subsetter.subset(font)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)  # two processes at once: each writes its own file, the last rename wins
    return target


def _stamp_style(verify_url: str) -> QRStampStyle:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Digitally signed by:\n%(signer)s\nTime: %(ts)s\nScan the QR code to verify")
    font = _stamp_font(settings.SIGNING_STAMP_FONT, str(settings.VAR_DIR))
    box_style = TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=9) if font else None
    if box_style is None:
        # Without a Unicode font the built-in Courier cannot draw Vietnamese: the stamp says it in English.
        text = "Digitally signed by:\n%(signer)s\nTime: %(ts)s\nScan the QR code to verify"
        return QRStampStyle(stamp_text=text, border_width=1, timestamp_format=TIME_FORMAT)
    return QRStampStyle(
        stamp_text=text,
        text_box_style=box_style,
        border_width=1,
        timestamp_format=TIME_FORMAT,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(2)
        ),
    )
