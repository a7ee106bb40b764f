"""The gateway's server-to-server endpoint, and the staff's page to import the centre's bank statement. The
citizen's pages (pay, return) are in motcua.portal.payment."""

from django.contrib import messages
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.access import staff_required
from motcua.payments import selectors, statement
from motcua.payments.errors import PaymentError
from motcua.payments.services import handle_ipn, import_statement
from motcua.payments.services.statements import may_handle_transfers


@csrf_exempt  # the gateway's call, authenticated by its HMAC signature rather than a session
@require_GET  # VNPay sends the IPN as a GET with the signed vnp_ parameters in the query string
def vnpay_ipn(request):
    return JsonResponse(handle_ipn(params=request.GET))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def statement_import(request):
    """Upload the bank statement (CSV or xlsx); the lines left unmatched, with why, for a person to match."""
    if not may_handle_transfers(request.user):
        return HttpResponseForbidden(_("Only counter officers and supervisors handle the bank statement."))
    status, alert = 200, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            alert, status = _("Choose the statement file."), 422
        elif upload.size > statement.MAX_BYTES:
            alert, status = PaymentError("file_too_large").message, 413
        else:
            try:
                result = import_statement(
                    data=upload.read(statement.MAX_BYTES + 1),
                    filename=(upload.name or "")[:200],
                    actor_name=request.user.get_full_name() or request.user.get_username(),
                )
            except PaymentError as error:
                alert, status = error.message, 422
            else:
                messages.success(request, imported_text(result))
                return redirect("payments:statement")
    context = {"lines": selectors.unmatched_lines(limit=200), "alert": alert, "max_mb": statement.MAX_BYTES // 2**20}
    return render(request, "payments/statement.html", context, status=status)


def imported_text(result) -> str:
    counts = {"lines": result.lines, "new": result.new, "matched": result.matched, "unmatched": result.unmatched}
    return _("%(lines)s credit lines read, %(new)s new: %(matched)s paid a fee, %(unmatched)s left to match.") % counts
