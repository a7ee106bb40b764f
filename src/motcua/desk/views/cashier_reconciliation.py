"""The day's reconciliation (/desk/thu-phi/doi-soat/?ngay=YYYY-MM-DD): per agency and method, collected,
cancelled and refunded; the gateway's settlements against the receipts, every difference flagged; the same
figures as an Excel workbook."""

from __future__ import annotations

import io
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from motcua.core.access import staff_required
from motcua.dossiers.models import PaymentMethod
from motcua.receipts import access, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(request) -> tuple[date, bool]:
    raw = (request.GET.get("ngay") or "")[:10]
    try:
        return date.fromisoformat(raw), True
    except ValueError:
        return selectors.today(), raw == ""


def _scope(request) -> set[int]:
    return access.collecting_agency_ids(request.user) | access.supervised_agency_ids(request.user)


def _kind_labels() -> dict[str, str]:
    return {
        "settlement_without_receipt": _("Settled by the gateway, no receipt"),
        "receipt_without_settlement": _("Receipt with no settlement"),
        "amount_differs": _("Amounts differ"),
        "unmatched_line": _("Transfer matched to no fee"),
    }


@staff_required
def reconciliation(request):
    day, valid = _day(request)
    ids = _scope(request)
    report = selectors.reconciliation(agency_ids=ids, day=day)
    context = {
        "day": day,
        "bad_day": not valid,
        "report": report,
        "allowed": bool(ids),
        "methods": dict(PaymentMethod.choices),
        "kinds": _kind_labels(),
    }
    return render(request, "desk/cashier/reconciliation.html", context, status=200 if valid else 400)


@staff_required
def export(request):
    day, _valid = _day(request)
    report = selectors.reconciliation(agency_ids=_scope(request), day=day)
    methods, kinds = dict(PaymentMethod.choices), _kind_labels()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    sheet.append([_("Reconciliation of fees"), day.strftime("%d/%m/%Y")])
    sheet.append([_("Agency"), _("Method"), _("Collected"), _("Receipts"), _("Cancelled"), _("Refunded"), _("Net")])
    for line in report.lines:
        sheet.append(
            [
                line.agency,
                str(methods.get(line.method, line.method)),
                line.collected,
                line.collected_count,
                line.cancelled,
                line.refunded,
                line.net,
            ]
        )
    sheet.append([_("Day's total"), "", report.collected, "", "", report.refunded, report.collected - report.refunded])
    flagged = book.create_sheet(_("Differences")[:31])
    flagged.append([_("Difference"), _("Reference"), _("Receipt"), _("Receipt amount"), _("Settled amount")])
    for d in report.differences:
        flagged.append([kinds.get(d.kind, d.kind), d.reference, d.receipt, d.expected, d.settled])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="doi-soat-{day.isoformat()}.xlsx"'
    return response
