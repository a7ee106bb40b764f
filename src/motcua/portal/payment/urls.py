"""The citizen pays a dossier's fees (/thanh-toan/<code>/): online through VNPay or by bank transfer (VietQR);
and the page the gateway sends the browser back to."""

from django.urls import path

from motcua.portal.payment import views

app_name = "payment"
urlpatterns = [
    path("thanh-toan/<str:code>/", views.fees, name="fees"),
    path("thanh-toan/<str:code>/phi/<int:fee_id>/vnpay/", views.pay_online, name="pay_online"),
    path("thanh-toan/<str:code>/phi/<int:fee_id>/vietqr.svg", views.vietqr_image, name="vietqr"),
    path("payments/vnpay/return", views.vnpay_return, name="vnpay_return"),
]
