"""The gateway's server-to-server endpoint. The citizen's pages (start, return) are built on top of services."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from motcua.payments.services import handle_ipn


@csrf_exempt  # the gateway's call, authenticated by its HMAC signature rather than a session
@require_GET  # VNPay sends the IPN as a GET with the signed vnp_ parameters in the query string
def vnpay_ipn(request):
    return JsonResponse(handle_ipn(params=request.GET))
