from django.urls import path

from motcua.portal.verify import views

app_name = "verify"
urlpatterns = [
    path("", views.verify, name="upload"),
    path("crl/demo.crl", views.demo_crl, name="demo_crl"),
    path("<str:token>/", views.document, name="document"),
    path("<str:token>/tai-ve/", views.download, name="download"),
]
