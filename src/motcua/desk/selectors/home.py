"""What waits for the user, counted for the desk's home: a fixed number of cheap queries over open work (the
partial indexes on unfinished dossiers, the agency-state index for results to return), whatever their number."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from motcua.core.models import Role
from motcua.desk.selectors.inbox import Scope, at_my_step, due_today_q, late_q
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State


@dataclass(frozen=True)
class Waiting:
    online: int = 0  # online dossiers waiting for the one-stop desk's check
    due_today: int = 0  # at my step, due later today
    late: int = 0  # at my step, past the appointment
    to_return: int = 0  # results ready to hand back at my agencies' desk


def waiting(scope: Scope) -> Waiting:
    """Two aggregate queries at most: the work at my step, and the results to return for a desk officer."""
    if not scope.acts:
        return Waiting()
    now = timezone.now()
    desk = scope.by_role.get(Role.COUNTER_OFFICER, set())
    counts = (
        Dossier.objects.filter(finished_at__isnull=True)
        .filter(at_my_step(scope))
        .aggregate(
            online=Count("pk", filter=Q(state=State.SUBMITTED)),
            due_today=Count("pk", filter=due_today_q(now)),
            late=Count("pk", filter=late_q(now)),
        )
    )
    to_return = (
        Dossier.objects.filter(agency_id__in=desk, state=State.RESULT_READY).count()  # index dossier_agency_inbox
        if desk
        else 0
    )
    return Waiting(
        online=counts["online"] if desk else 0,
        due_today=counts["due_today"],
        late=counts["late"],
        to_return=to_return,
    )
