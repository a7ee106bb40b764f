"""Appointments and step due times for every kind of legal limit."""

from decimal import Decimal

import pytest

from motcua.catalog.importers.records import ChannelRecord, Deadline
from motcua.catalog.models import AgencyProcedure
from motcua.dossiers.models import Dossier
from motcua.workdays.selectors import calendar_for
from tests.factories import procedure_version

pytestmark = pytest.mark.django_db


def test_a_limit_in_calendar_days_is_shared_out_in_working_days(api, province):
    """30 calendar days cannot be split into quarters of a calendar day; each step gets its share of the working
    time up to the appointment instead, and the last step ends at the appointment."""
    version = procedure_version(
        code="2.000002",
        name="Đăng ký hoạt động Văn phòng công chứng",
        agency="Sở Tư pháp",
        channels=[ChannelRecord("counter", Deadline(Decimal(30), "calendar_day", "30 ngày"), [])],
    )
    AgencyProcedure.objects.create(agency=province.justice, procedure=version.procedure)
    response = api.receive(procedure="2.000002", fees=[])
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert dossier.due_at == calendar_for().due(dossier.received_at, 30, "calendar_day")
    steps = list(dossier.steps.order_by("position"))
    assert [s.budget_unit for s in steps] == ["working_day"] * 4
    assert steps[1].budget_amount > 10 * steps[0].budget_amount  # the specialist's share is still 70%
    working_days = calendar_for().working_time_between(dossier.received_at, dossier.due_at) / 450
    assert abs(float(sum(s.budget_amount for s in steps)) - working_days) < 0.01
    assert steps[1].due_at == calendar_for().due(dossier.received_at, steps[1].budget_amount, "working_day")
