"""Who may act on the floor: the counters an officer works at, the centres whose tickets staff may issue."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.core.models import Centre, Counter, Role, RoleAssignment, User
from motcua.queue.services.errors import QueueForbidden


def officer_counters(officer: User) -> list[Counter]:
    """The counters the officer is assigned to (as a counter officer), in the order of their number."""
    ids = RoleAssignment.objects.filter(user=officer, role=Role.COUNTER_OFFICER, counter__isnull=False).values(
        "counter_id"
    )
    return list(Counter.objects.filter(pk__in=ids, is_active=True).select_related("centre").order_by("number"))


def check_counter(officer: User, counter: Counter) -> None:
    if not RoleAssignment.objects.filter(user=officer, role=Role.COUNTER_OFFICER, counter=counter).exists():
        raise QueueForbidden("forbidden", _("You do not work at this counter."))


def check_centre_staff(officer: User, centre: Centre) -> None:
    """Staff who may issue a ticket at this centre by hand: an officer of one of its counters, or a supervisor or
    administrator."""
    roles = RoleAssignment.objects.filter(user=officer)
    if roles.filter(role=Role.COUNTER_OFFICER, counter__centre=centre).exists():
        return
    if roles.filter(role__in=[Role.SUPERVISOR, Role.ADMINISTRATOR]).exists() or officer.is_superuser:
        return
    raise QueueForbidden("forbidden", _("You do not work at this centre."))
