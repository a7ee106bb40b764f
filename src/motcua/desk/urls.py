from django.urls import path

from motcua.desk.views import auth, dossier, home, inbox, reception, returns, supervision

app_name = "desk"
urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth.login_view, name="login"),
    path("dang-xuat/", auth.logout_view, name="logout"),
    path("tim/", home.find, name="find"),
    path("tiep-nhan/", reception.reception, name="reception"),
    path("ho-so/", inbox.inbox, name="inbox"),
    path("ho-so/<str:code>/", dossier.dossier, name="dossier"),
    path("tra-ket-qua/", returns.returns, name="returns"),
    path("giam-sat/", supervision.supervision, name="supervision"),
]
