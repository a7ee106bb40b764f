from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("vnpay/ipn", views.vnpay_ipn, name="vnpay_ipn"),
    path("sao-ke/", views.statement_import, name="statement"),
]
