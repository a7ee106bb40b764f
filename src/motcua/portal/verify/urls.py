from django.urls import path

from motcua.portal.verify import views

app_name = "verify"
urlpatterns = [
    path("", views.verify, name="upload"),
    path("<str:token>/", views.document, name="document"),
    path("<str:token>/tai-ve/", views.download, name="download"),
]
