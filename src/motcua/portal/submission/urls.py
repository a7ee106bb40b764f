from django.urls import path

from motcua.portal.submission.views import applicant, eform

app_name = "submission"
urlpatterns = [
    path("nop-ho-so/", eform.index, name="index"),
    path("nop-ho-so/nhap/<id:draft_id>/", eform.draft, name="draft"),
    path("nop-ho-so/nhap/<id:draft_id>/xoa/", eform.discard, name="discard"),
    path("nop-ho-so/da-nop/<str:code>/", eform.done, name="done"),
    path("nop-ho-so/bo-sung/<str:code>/", applicant.supplement, name="supplement"),
    path("nop-ho-so/rut/<str:code>/", applicant.withdraw, name="withdraw"),
    path("nop-ho-so/<str:code>/", eform.start, name="start"),
]
