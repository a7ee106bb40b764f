"""The calendar as administrators record it: official years, days by hand, office hours, operator commands."""

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from motcua.core.models import Role
from motcua.workdays.models import CalendarDay, CalendarRevision, DayKind, OfficialYear
from motcua.workdays.selectors import calendar_for
from motcua.workdays.services import save_calendar_day, save_work_schedule
from tests.factories import staff_user
from tests.workdays.test_golden import OFFICIAL

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def official_file(tmp_path):
    path = tmp_path / "vn-civil-service.json"
    path.write_text(json.dumps({"_note": "test copy", **OFFICIAL}), encoding="utf-8")
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_load_official_records_each_year_and_reports_unconfirmed_days(official_file):
    out = run("load-official", str(official_file))
    assert "2024, 2025, 2026" in out and "37" in out and "2026-11-24" in out
    assert set(OfficialYear.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert not CalendarDay.objects.filter(day=date(2026, 11, 24)).exists()
    swap = CalendarDay.objects.get(day=date(2026, 8, 22))
    assert swap.kind == DayKind.WORKING_DAY and swap.basis.startswith("TB 9441/TB-BNV")
    assert CalendarDay.objects.get(day=date(2026, 2, 17)).name == "Tết Nguyên Đán"
    run("load-official", str(official_file))  # loading again replaces, never duplicates
    assert CalendarDay.objects.filter(day__year=2026).count() == 15


def test_due_command_prints_the_iso_due_time_last(official_file):
    run("load-official", str(official_file))
    out = run("due", "--start", "2026-02-13T16:00+07:00", "--amount", "3", "--unit", "working_day")
    assert out.split()[-1] == "2026-02-25T16:00:00+07:00"
    out = run("due", "--start", "2026-02-13T16:00", "--amount", "3", "--unit", "working_day")  # no offset
    assert out.split()[-1] == "2026-02-25T16:00:00+07:00"
    out = run(
        "due",
        "--start",
        "2026-03-02T08:00",
        "--amount",
        "5",
        "--unit",
        "working_day",
        "--pause",
        "2026-03-03T10:00/2026-03-05T10:00",
    )
    assert out.split()[-1] == "2026-03-11T08:00:00+07:00"


def test_between_and_show_commands(official_file):
    run("load-official", str(official_file))
    assert run("between", "2026-02-13T16:00", "2026-02-25T16:00").split()[-1] == "1350"
    shown = run("show", "2026")
    assert "official schedule" in shown or "lịch chính thức" in shown
    assert "2026-01-02" in shown and "VPCP 12729/VPCP-KGVX" in shown and "2026-08-22" in shown
    assert "2026-11-24" not in shown


def test_bad_operator_input_is_explained():
    with pytest.raises(CommandError, match="2026-02-13T16:00"):
        run("due", "--start", "13/02/2026", "--amount", "3", "--unit", "working_day")
    with pytest.raises(CommandError):
        run("due", "--start", "2026-02-13T16:00", "--amount", "ba", "--unit", "working_day")


def test_days_recorded_by_hand_count_in_years_without_an_official_schedule():
    calendar = calendar_for()
    assert calendar.is_working_day(date(2027, 3, 5))
    save_calendar_day(day=date(2027, 3, 5), kind=DayKind.DAY_OFF, name="Nghỉ đột xuất", basis="QĐ 1/QĐ-UBND")
    save_calendar_day(day=date(2027, 3, 6), kind=DayKind.WORKING_DAY, periods="07:30-11:30", basis="QĐ 1/QĐ-UBND")
    calendar = calendar_for()  # the revision moved: rebuilt
    assert not calendar.is_working_day(date(2027, 3, 5))
    assert calendar.day(date(2027, 3, 6)) == ((27000, 41400),)
    friday = datetime(2027, 3, 4, 16, 0, tzinfo=TZ)
    # Thursday 1 h, Friday off, the half Saturday 4 h, Monday 3 h.
    assert calendar.due(friday, 8, "working_hour") == datetime(2027, 3, 8, 10, 30, tzinfo=TZ)


def test_calendar_is_cached_until_the_data_changes(django_assert_num_queries):
    calendar_for()
    with django_assert_num_queries(1):  # only the revision check
        calendar_for()


def test_a_centre_can_have_its_own_office_hours():
    from motcua.core.services import upsert_centre
    from tests.factories import agency

    centre = upsert_centre(code="TT-XA", name="Trung tâm xã", agency=agency())
    save_work_schedule(
        name="Giờ mùa hè",
        centre=centre,
        weekly={day: "07:00-11:00, 13:30-17:00" for day in ["monday", "tuesday", "wednesday", "thursday", "friday"]},
    )
    start = datetime(2027, 3, 1, 6, 30, tzinfo=TZ)
    assert calendar_for(centre).next_opening(start).hour == 7 and calendar_for(centre).next_opening(start).minute == 0
    assert calendar_for().next_opening(start).minute == 30  # the default is untouched


def test_malformed_office_hours_are_refused():
    with pytest.raises(ValidationError, match="07:30-11:30"):
        save_calendar_day(day=date(2027, 3, 6), kind=DayKind.WORKING_DAY, periods="7h30 đến 11h30")
    with pytest.raises(ValidationError):
        save_work_schedule(name="x", weekly={"monday": "13:30-17:00, 07:30-14:00"})


def test_admin_year_grid_shows_days_off_and_their_basis(client, official_file):
    run("load-official", str(official_file))
    user = staff_user("quantri", Role.ADMINISTRATOR)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    page = client.get(reverse("admin:workdays_calendarday_year", args=[2026])).content.decode()
    assert "TB 9441/TB-BNV" in page and "day-off" in page and "day-extra" in page
    assert "2026-11-24" in page  # shown as announced, not applied
    add = client.get(reverse("admin:workdays_calendarday_add") + "?day=2026-11-24").content.decode()
    assert 'value="2026-11-24"' in add
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {
            "day": "2026-11-24",
            "kind": "day_off",
            "periods": "",
            "name": "Ngày Văn hóa Việt Nam",
            "basis": "Nghị quyết 80-NQ/TW",
        },
    )
    assert response.status_code == 302
    assert not calendar_for().is_working_day(date(2026, 11, 24))


def test_a_calendar_revision_reads_as_its_token_in_lists_and_logs():
    """Printing a revision (the admin's lists, a log line) used to raise: it named a field it does not have."""
    revision = CalendarRevision.objects.create(token="a1b2c3")
    assert str(revision) == "a1b2c3"
    assert str(CalendarRevision.objects.create()) == f"#{CalendarRevision.objects.latest('pk').pk}"
