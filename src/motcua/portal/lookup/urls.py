"""The public look-up of a dossier (/tra-cuu/): code and secret, or the receipt's QR code; and the hall's kiosk."""

from django.urls import path

from motcua.portal.lookup import kiosk, result, views

app_name = "lookup"
urlpatterns = [
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/kiosk/", kiosk.kiosk, name="kiosk"),
    path("tra-cuu/ket-qua/", result.download, name="result"),
]
