"""A province's targets for its shares: set, changed, refused when they cannot be."""

from decimal import Decimal

import pytest
from django.utils import translation

from motcua.core.models import Agency
from motcua.stats.models import Target
from motcua.stats.services.targets import TargetError, set_default_target, set_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return Agency.objects.create(code="000.00.00.H98", name="UBND tỉnh Thử", level="province")


def test_a_target_is_set_then_changed_in_place(province):
    first = set_target(agency=province, measure=Target.Measure.ON_TIME, percent=Decimal("95"))
    second = set_target(agency=province, measure="on_time", percent=Decimal("97.5"))
    assert first.pk == second.pk and Target.objects.get().percent == Decimal("97.50")
    set_target(agency=province, measure=Target.Measure.DIGITISED, percent=Decimal(80))
    assert Target.objects.count() == 2


def test_a_default_target_leaves_what_the_province_set(province):
    set_target(agency=province, measure="satisfied", percent=Decimal(92))
    assert set_default_target(agency=province, measure="satisfied", percent=Decimal(90)).percent == Decimal(92)
    assert set_default_target(agency=province, measure="online", percent=Decimal(50)).percent == Decimal(50)


@pytest.mark.parametrize(
    ("measure", "percent"),
    [("on_time", Decimal("100.01")), ("on_time", Decimal(-1)), ("on_time", Decimal("NaN")), ("fast", Decimal(10))],
)
def test_an_impossible_target_is_refused_in_vietnamese_and_nothing_is_kept(province, measure, percent):
    with translation.override("vi"), pytest.raises(TargetError) as refused:
        set_target(agency=province, measure=measure, percent=percent)
    assert not Target.objects.exists()
    assert "Target" not in str(refused.value) and ("0" in str(refused.value) or "fast" in str(refused.value))
