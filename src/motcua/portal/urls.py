from django.urls import path

from motcua.portal import transparency, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalog, name="catalog"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("cong-khai/", transparency.page, name="transparency"),
]
