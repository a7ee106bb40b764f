"""The targets a province or agency sets itself for a share (e.g. at least 20% of dossiers resolved on the spot or
received online): dashboards draw each share against its target."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.models import Agency
from motcua.stats.models import Target

CENT = Decimal("0.01")


class TargetError(ValueError):
    """A target that cannot be: its message is for the person who set it."""


@transaction.atomic
def set_target(*, agency: Agency, measure: str, percent: Decimal) -> Target:
    """The agency's target for `measure` (one of Target.Measure) becomes `percent` (0–100, to the hundredth):
    created, or changed if it had one."""
    if measure not in Target.Measure.values:
        raise TargetError(_("Unknown share for a target: %(measure)s.") % {"measure": str(measure)[:40]})
    value = _percent(percent)
    target, _created = Target.objects.update_or_create(agency=agency, measure=measure, defaults={"percent": value})
    return target


@transaction.atomic
def set_default_target(*, agency: Agency, measure: str, percent: Decimal) -> Target:
    """As `set_target`, but a target the agency already has is kept as it is (the demo, run again)."""
    existing = Target.objects.filter(agency=agency, measure=measure).first()
    return existing if existing is not None else set_target(agency=agency, measure=measure, percent=percent)


def _percent(percent: Decimal) -> Decimal:
    try:
        value = Decimal(percent).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise TargetError(_("A target is a percentage between 0 and 100.")) from exc
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise TargetError(_("A target is a percentage between 0 and 100."))
    return value
