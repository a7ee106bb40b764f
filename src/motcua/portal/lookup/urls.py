"""The public look-up of a dossier (/tra-cuu/): code and secret, or the receipt's QR code."""

from django.urls import path

from motcua.portal.lookup import views

app_name = "lookup"
urlpatterns = [path("tra-cuu/", views.lookup, name="lookup")]
