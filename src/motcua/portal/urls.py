from django.urls import include, path

from motcua.portal import rating_board, transparency, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("cong-khai/", transparency.page, name="transparency"),
    path("bang-danh-gia/<str:code>/", rating_board.page, name="rating_board"),
    path("", include("motcua.portal.payment.urls")),
]
