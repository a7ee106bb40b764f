"""Signature benchmarks (issue 15): signing a result PDF with an agency's key, and verifying the signed file.

(a) signatures.signing.sign_pdf, as an approval calls it: the key opened for the signature (the PIN read, the
PKCS#12 file loaded or a token session opened), a link over the stamp, PAdES B-B with SHA-256 and the visible stamp
with the QR code of the verify URL, in an incremental update. On a one-page and a 20-page result made by
WeasyPrint; with a PKCS#12 key (ECDSA P-256) and with the SoftHSM2 token's key (RSA 2048) when
/usr/lib/softhsm/libsofthsm2.so exists: the demo's keys (motcua.demo.signing), made in the bench's VAR_DIR.
Ceiling: pyHanko's own PdfSigner with the same key (opened once) and the same PDF: PAdES B-B, SHA-256, an invisible
signature field, no stamp, no QR, no link. Milliseconds per signature (median of N, service and ceiling in three
turns each so that both share the machine's noise) and signatures per second (N over the total time).

(b) signatures.verification.verify_pdf on the signed files, revocation fetching off (fetch=False: no network),
against the demo root: milliseconds per verification (median of N), and the verdict, which must be valid.

Printed too: the service with the stamp's text in pyHanko's built-in Courier instead of the configured TrueType
font (DejaVu Sans, for Vietnamese), in turns: the font is subset and embedded anew for each signature.
"""

from __future__ import annotations

import secrets
import statistics
import time
from io import BytesIO

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from weasyprint import HTML

from bench.dossiers import _demo
from motcua.core.models import User
from motcua.demo.signing import SOFTHSM
from motcua.signatures.keys import open_signer
from motcua.signatures.models import KeyKind, SigningKey
from motcua.signatures.services import verify_url
from motcua.signatures.signing import sign_pdf
from motcua.signatures.verdict import Overall
from motcua.signatures.verification import verify_pdf

N = 15  # signatures per case (and as many bare ones, in turns)
ROUNDS = 3
PAGES = (1, 20)
REASON = "Phê duyệt kết quả giải quyết thủ tục hành chính"


def run() -> None:
    if not User.objects.filter(username="thuphi").exists():
        _demo()
    keys = _keys()
    documents = {pages: _result_pdf(pages) for pages in PAGES}
    sizes = ", ".join(
        f"{pages} page{'s' if pages > 1 else ''} {len(pdf) / 1024:,.0f} KiB" for pages, pdf in documents.items()
    )
    print(f"  result PDFs made by WeasyPrint: {sizes}; N = {N} signatures per case")
    signed: dict[tuple[str, int], bytes] = {}
    print("  (a) signing (PAdES B-B, SHA-256)")
    for label, key in keys.items():
        for pages, pdf in documents.items():
            service, ceiling, signed[label, pages] = _sign_case(key, pdf)
            print(
                f"  {label:<25} {pages:2} page{'s' if pages > 1 else ' '}  service {_median(service):6.1f} ms "
                f"({N / sum(service) * 1000:5.1f}/s)   ceiling, pyHanko bare PdfSigner: {_median(ceiling):6.1f} ms "
                f"({N / sum(ceiling) * 1000:5.1f}/s)   ratio {_median(ceiling) / _median(service):4.0%}"
            )
    # What the stamp's Vietnamese font costs: the same signatures with the stamp in pyHanko's built-in Courier
    # (no TrueType font to subset and embed), in turns with the service as configured.
    for label, key in keys.items():
        with_font, without_font = _font_cost(key, documents[1])
        print(
            f"  {label:<25}  1 page   service {_median(with_font):6.1f} ms; with the stamp in the built-in font "
            f"(English, no TrueType subsetting) {_median(without_font):6.1f} ms"
        )
    print("  (b) verification (verify_pdf, revocation fetching off)")
    for (label, pages), pdf in signed.items():
        timings, verdict = [], None
        for _ in range(N):
            started = time.perf_counter()
            verdict = verify_pdf(pdf, fetch=False)
            timings.append((time.perf_counter() - started) * 1000)
        assert verdict is not None
        if verdict.overall != Overall.VALID:
            raise RuntimeError(f"the signed {pages}-page PDF ({label}) verifies as {verdict.overall}")
        print(
            f"  {label:<25} {pages:2} page{'s' if pages > 1 else ' '}  {_median(timings):6.1f} ms per verification "
            f"({N / sum(timings) * 1000:5.1f}/s), verdict {verdict.overall}"
        )


def _keys() -> dict[str, SigningKey]:
    """The demo's keys: a PKCS#12 file, and the token when SoftHSM2 is installed (the demo then put one there)."""
    keys = {"PKCS#12 (ECDSA P-256)": SigningKey.objects.select_related("agency").filter(kind=KeyKind.PKCS12).first()}
    token = SigningKey.objects.select_related("agency").filter(kind=KeyKind.PKCS11).first()
    if SOFTHSM.exists() and token is not None:
        keys["SoftHSM2 token (RSA 2048)"] = token
    else:
        print("  (no SoftHSM2 token: /usr/lib/softhsm/libsofthsm2.so or the demo's token is missing)")
    found = {label: key for label, key in keys.items() if key is not None}
    if not found:
        raise RuntimeError("the demo made no signing key")
    return found


def _result_pdf(pages: int) -> bytes:
    """A decision as agencies issue them: a heading, numbered articles, a page of text each."""
    article = (
        "<h2>Điều {n}.</h2><p>"
        + " ".join(["Căn cứ hồ sơ đề nghị và kết quả thẩm định, cơ quan giải quyết quyết định như sau."] * 14)
        + "</p>"
    )
    body = "".join(
        f'<section style="page-break-after: {"always" if n < pages else "auto"}">{article.format(n=n)}</section>'
        for n in range(1, pages + 1)
    )
    html = (
        '<html lang="vi"><head><meta charset="utf-8"><style>@page { size: A4; margin: 2cm } '
        "body { font-family: 'DejaVu Serif', serif; font-size: 13pt }</style></head><body>"
        "<h1>QUYẾT ĐỊNH</h1><p>Về việc giải quyết thủ tục hành chính</p>" + body + "</body></html>"
    )
    return HTML(string=html).write_pdf()


def _sign_case(key: SigningKey, pdf: bytes) -> tuple[list[float], list[float], bytes]:
    """N signatures through the service and N bare ones, in ROUNDS turns of N/ROUNDS each (a token takes one
    logged-in session at a time: the bare signer's session is open only during its turn, not timed);
    milliseconds of each, and a signed file."""
    service, ceiling, signed = [], [], b""
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    # One of each first, untimed: the stamp's font, the token's first session, pyHanko's imports.
    sign_pdf(pdf=pdf, key=key, reason=REASON, verify_url=verify_url(secrets.token_urlsafe(16)))
    with open_signer(key) as signer:
        signers.PdfSigner(meta, signer=signer).sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf), strict=False))
    for _round in range(ROUNDS):
        for _ in range(N // ROUNDS):
            url = verify_url(secrets.token_urlsafe(16))
            started = time.perf_counter()
            signed = sign_pdf(pdf=pdf, key=key, reason=REASON, verify_url=url)
            service.append((time.perf_counter() - started) * 1000)
        with open_signer(key) as signer:
            bare = signers.PdfSigner(meta, signer=signer)
            for _ in range(N // ROUNDS):
                started = time.perf_counter()
                bare.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf), strict=False))
                ceiling.append((time.perf_counter() - started) * 1000)
    return service, ceiling, signed


def _font_cost(key: SigningKey, pdf: bytes) -> tuple[list[float], list[float]]:
    configured, timings = settings.SIGNING_STAMP_FONT, {True: [], False: []}
    try:
        for _ in range(N):
            for font in (True, False):
                settings.SIGNING_STAMP_FONT = configured if font else ""
                url = verify_url(secrets.token_urlsafe(16))
                started = time.perf_counter()
                sign_pdf(pdf=pdf, key=key, reason=REASON, verify_url=url)
                timings[font].append((time.perf_counter() - started) * 1000)
    finally:
        settings.SIGNING_STAMP_FONT = configured
    return timings[True], timings[False]


def _median(values: list[float]) -> float:
    return statistics.median(values)
