from django.urls import path

from motcua.accounts.views import auth, identity, mine

app_name = "accounts"
urlpatterns = [
    path("tai-khoan/", mine.home, name="home"),
    path("tai-khoan/dang-ky/", auth.register, name="register"),
    path("tai-khoan/xac-minh/<str:token>/", auth.verify, name="verify"),
    path("tai-khoan/dang-nhap/", auth.login_view, name="login"),
    path("tai-khoan/dang-xuat/", auth.logout_view, name="logout"),
    path("tai-khoan/dinh-danh/", identity.start, name="identity_start"),
    path("tai-khoan/dinh-danh/ve/", identity.back, name="identity_back"),
    path("tai-khoan/quen-mat-khau/", auth.forgot, name="forgot"),
    path("tai-khoan/dat-lai-mat-khau/<str:token>/", auth.reset, name="reset"),
    path("tai-khoan/tai-lieu/", mine.documents, name="documents"),
    path("tai-khoan/tai-lieu/<id:file_id>/", mine.document_file, name="document_file"),
    path("tai-khoan/thong-tin/", mine.profile, name="profile"),
    path("tai-khoan/them-lien-he/<str:token>/", mine.add_contact, name="add_contact"),
]
