"""The public verify pages: /xac-thuc/ (anyone uploads a PDF and reads what its signatures say; nothing is kept)
and /xac-thuc/<token>/ (a document the centre signed, reached from the QR of its stamp: the verdict on the
stored file, its dossier code and a download link, nothing personal)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core import ratelimit
from motcua.core.views import client_address
from motcua.signatures import selectors
from motcua.signatures.verification import verify_pdf
from motcua.signatures.wording import describe

DOCUMENT_PER_MINUTE = 30  # views of a signed document's page, per client address
PER_MINUTE = 10  # PDF uploads to verify, per client address: each one costs a validation with network look-ups


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    context: dict = {"max_mb": settings.VERIFY_MAX_MB}
    if request.method == "GET":
        return render(request, "portal/verify/upload.html", context)
    upload = request.FILES.get("tep")
    status = 200
    if upload is None:
        context["error"], status = _("Choose a PDF file to verify."), 422
    elif upload.size > settings.VERIFY_MAX_MB * 1024 * 1024:
        context["error"] = _("The file is larger than %(mb)d MB.") % {"mb": settings.VERIFY_MAX_MB}
        status = 413
    elif not ratelimit.allowed(f"verify:{client_address(request)}", PER_MINUTE, window_seconds=60):
        context["error"], status = _("Too many files from your connection. Please wait a minute and try again."), 429
    else:
        verdict = verify_pdf(upload.read())
        context["result"] = describe(verdict)
        context["file_name"] = (upload.name or "")[:120]
    return render(request, "portal/verify/upload.html", context, status=status)


@never_cache
@require_GET
def document(request, token: str):
    signed = selectors.signed_document(token)
    if signed is None:
        raise Http404(_("No document the centre signed has this address."))
    # Each view verifies again (OCSP/CRL requests included): a per-address limit keeps that from being abused.
    if not ratelimit.allowed(f"verify-doc:{client_address(request)}", DOCUMENT_PER_MINUTE, window_seconds=60):
        message = _("Too many files from your connection. Please wait a minute and try again.")
        return render(request, "portal/verify/upload.html", {"error": message}, status=429)
    with signed.file.file.open("rb") as file:
        verdict = verify_pdf(file.read())
    context = {
        "signed": signed,
        "result": describe(verdict),
        "matches": verdict.sha256 == signed.sha256,
        "dossier_code": signed.dossier.code if signed.dossier else "",
    }
    return render(request, "portal/verify/document.html", context)


@require_GET
def download(request, token: str):
    signed = selectors.signed_document(token)
    if signed is None:
        raise Http404(_("No document the centre signed has this address."))
    name = f"{signed.dossier.code if signed.dossier else signed.agency.code}-{signed.purpose}.pdf"
    response = FileResponse(signed.file.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = "application/pdf"
    return response


@require_GET
def demo_crl(request):
    """The demo PKI's certificate revocation list (written by `motcua demo`), at the address its certificates
    name; 404 on an instance without the demo."""
    path = Path(settings.SIGNING_DIR) / "demo" / "demo.crl"
    if not path.is_file():
        raise Http404("no demo CRL")
    return HttpResponse(path.read_bytes(), content_type="application/pkix-crl")
