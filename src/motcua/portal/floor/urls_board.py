from django.urls import path

from motcua.portal.floor import board

app_name = "board"

urlpatterns = [
    path("bang-goi/<str:centre_code>/", board.page, name="page"),
    path("bang-goi/<str:centre_code>/su-kien/", board.events, name="events"),
]
