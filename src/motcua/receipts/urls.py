from django.urls import path

from motcua.receipts import views

app_name = "receipts"
urlpatterns = [
    path("bien-lai/<str:code>/", views.verify, name="verify"),
]
