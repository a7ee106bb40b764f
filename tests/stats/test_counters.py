"""The monthly counters of dossiers per procedure: raised one by one, rebuilt from the dossiers, the same figures."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.core.events import deliver_due
from motcua.core.services import upsert_agency
from motcua.dossiers.models import Dossier
from motcua.stats.models import ProcedureMonth
from motcua.stats.services import count_received, rebuild_procedure_counts
from tests.e2e.province import receive
from tests.factories import procedure_version

pytestmark = pytest.mark.django_db


def counters() -> dict[tuple[int, int, date], int]:
    return {(c.province_id, c.procedure_id, c.month): c.received for c in ProcedureMonth.objects.all()}


def test_each_reception_adds_one_to_its_procedure_and_local_month(world):
    procedure_id = procedure_version(code="2.000001", name="Đăng ký khai sinh").procedure_id
    for at in (
        datetime(2026, 1, 5, 3, 0, tzinfo=UTC),
        datetime(2026, 1, 31, 16, 59, tzinfo=UTC),  # 23:59 on 31 January in Hà Nội
        datetime(2026, 1, 31, 17, 30, tzinfo=UTC),  # 00:30 on 1 February in Hà Nội, still January in UTC
    ):
        count_received(procedure_id=procedure_id, province_id=world.root.pk, at=at)
    assert counters() == {
        (world.root.pk, procedure_id, date(2026, 1, 1)): 2,
        (world.root.pk, procedure_id, date(2026, 2, 1)): 1,
    }


def test_rebuild_counts_the_dossiers_by_procedure_and_month(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the receptions commit: their events are delivered
        for _i in range(3):
            receive(world, agency="justice")
        receive(world, agency="construction")
        receive(world, agency="justice", days_ago=40)  # more than a month ago: another month
    ProcedureMonth.objects.all().delete()

    assert rebuild_procedure_counts(province_id=world.root.pk) == 5

    justice = Dossier.objects.filter(agency=world.justice).values_list("procedure_id", flat=True).first()
    construction = Dossier.objects.filter(agency=world.construction).values_list("procedure_id", flat=True).first()
    now = timezone.localdate().replace(day=1)
    before = (timezone.localdate() - timedelta(days=40)).replace(day=1)
    assert counters() == {
        (world.root.pk, justice, now): 3,
        (world.root.pk, construction, now): 1,
        (world.root.pk, justice, before): 1,
    }
    # Running it again gives the same figures, not twice them.
    assert rebuild_procedure_counts(province_id=world.root.pk) == 5
    assert sum(counters().values()) == 5


def test_rebuild_gives_the_figures_counting_each_reception_gives(world, django_capture_on_commit_callbacks):
    spread = [("justice", 0), ("construction", 0), ("justice", 35), ("justice", 70), ("construction", 70)]
    with django_capture_on_commit_callbacks(execute=True):
        received = [receive(world, agency=agency, days_ago=days) for agency, days in spread]
    # A dossier submitted at 00:30 on 1 February in Hà Nội (31 January in UTC) is February's for both.
    Dossier.objects.filter(pk=received[0].pk).update(submitted_at=datetime(2026, 1, 31, 17, 30, tzinfo=UTC))
    ProcedureMonth.objects.all().delete()
    for dossier in Dossier.objects.all():
        count_received(procedure_id=dossier.procedure_id, province_id=dossier.province_id, at=dossier.submitted_at)
    one_by_one = counters()
    assert (world.root.pk, received[0].procedure_id, date(2026, 2, 1)) in one_by_one

    rebuild_procedure_counts()
    assert counters() == one_by_one


def test_rebuilding_one_province_leaves_the_others_alone(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(world)
    rebuild_procedure_counts(province_id=world.root.pk)
    other = upsert_agency(code="000.00.00.H98", name="UBND tỉnh Bình Yên", level="province", kind="peoples_committee")
    procedure_id = procedure_version(code="2.000009", name="Đăng ký kết hôn").procedure_id
    count_received(procedure_id=procedure_id, province_id=other.pk, at=timezone.now())
    ours = {key: n for key, n in counters().items() if key[0] == world.root.pk}

    assert rebuild_procedure_counts(province_id=world.root.pk) == 1
    assert counters() == {**ours, (other.pk, procedure_id, timezone.localdate().replace(day=1)): 1}
    # The other province has no dossiers here: rebuilt from them, its counters are empty.
    assert rebuild_procedure_counts(province_id=other.pk) == 0
    assert counters() == ours


def test_a_reception_whose_event_is_still_owed_is_counted_once_by_the_event_not_by_the_rebuild(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counted = receive(world, agency="justice")
    receive(world, agency="justice")  # committed, its event not yet delivered (the worker will)
    month = timezone.localdate().replace(day=1)
    key = (world.root.pk, counted.procedure_id, month)
    assert counters() == {key: 1}

    assert rebuild_procedure_counts(province_id=world.root.pk) == 1  # the other is left to its event
    assert counters() == {key: 1}
    call_command("worker", "--once")
    assert counters() == {key: 1}  # the event is not due yet: it is the after-commit delivery's for a while
    # The counter, the notifications, the queue, the signatures (upload marks), the connectors.
    assert deliver_due(now=timezone.now() + timedelta(minutes=5)) == 5
    assert counters() == {key: 2}
    assert rebuild_procedure_counts(province_id=world.root.pk) == 2
    assert counters() == {key: 2}
