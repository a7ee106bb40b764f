from django.urls import path
from django.views.decorators.cache import never_cache

from motcua.connectors import views as connectors
from motcua.desk.views import (
    auth,
    cashier,
    cashier_reconciliation,
    cashier_refunds,
    counter,
    dossier,
    handovers,
    home,
    inbox,
    reception,
    returns,
    statistics,
    supervision,
)
from motcua.desk.views.reports import pages as reports

app_name = "desk"
# Every desk page shows personal data (ID numbers, phones, look-up secrets): no browser or proxy cache keeps one.
urlpatterns = [
    path(route, never_cache(view), name=name)
    for route, view, name in (
        ("", home.home, "home"),
        ("dang-nhap/", auth.login_view, "login"),
        ("dang-xuat/", auth.logout_view, "logout"),
        ("tim/", home.find, "find"),
        ("quay/", counter.counter_panel, "counter"),
        ("tiep-nhan/", reception.reception, "reception"),
        ("ho-so/", inbox.inbox, "inbox"),
        ("ho-so/<str:code>/", dossier.dossier, "dossier"),
        ("lien-thong/", handovers.handovers, "handovers"),
        ("tra-ket-qua/", returns.returns, "returns"),
        ("giam-sat/", supervision.supervision, "supervision"),
        ("bao-cao/", reports.handling, "reports"),
        ("bao-cao/ho-so-tre-han/", reports.late, "report_late"),
        ("bao-cao/can-bo/", reports.officers, "report_officers"),
        ("thong-ke/", statistics.statistics, "statistics"),
        ("thong-ke/ho-so/", statistics.dossiers, "statistics_dossiers"),
        ("thu-phi/", cashier.cashier, "cashier"),
        ("thu-phi/bien-lai/<id:pk>/", cashier.receipt, "cashier_receipt"),
        ("thu-phi/bien-lai/<id:pk>/pdf/", cashier.receipt_pdf, "cashier_receipt_pdf"),
        ("thu-phi/hoan-tien/", cashier_refunds.refunds, "cashier_refunds"),
        ("thu-phi/doi-soat/", cashier_reconciliation.reconciliation, "cashier_reconciliation"),
        ("thu-phi/doi-soat/excel/", cashier_reconciliation.export, "cashier_reconciliation_xlsx"),
        ("ket-noi/", connectors.status, "connectors"),
    )
]
