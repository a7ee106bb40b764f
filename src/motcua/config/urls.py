from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from motcua.api.api import api
from motcua.core.views import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("desk/", include("motcua.desk.urls")),
    path("payments/", include("motcua.payments.urls")),
    path("", include("motcua.receipts.urls")),
    path("", include("motcua.portal.lookup.urls")),
    path("", include("motcua.portal.floor.urls")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.accounts.urls")),
    path("", include("motcua.portal.submission.urls")),
    path("", include("motcua.portal.booking.urls")),
    path("", include("motcua.portal.urls")),
    path("", include("motcua.portal.floor.urls_board")),
]
