from django.urls import path

from motcua.portal.booking import views

app_name = "booking"
urlpatterns = [
    path("dat-lich/", views.start, name="start"),
    path("dat-lich/<str:code>/", views.detail, name="detail"),
]
