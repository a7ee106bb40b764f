"""Who may collect, cancel and refund: cashiers for every agency of their centre, counter officers for the
agencies of their desk, supervisors for what they watch."""

from __future__ import annotations

from motcua.core.models import Role, RoleAssignment
from motcua.core.selectors import subtree_ids

COLLECTING = {Role.CASHIER, Role.COUNTER_OFFICER}


def _scope(user, roles: set[str]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_receipts_scope", None)
    if cached is None:
        cached = user._receipts_scope = {}
    key = frozenset(roles)
    if key not in cached:
        rows = list(
            RoleAssignment.objects.filter(user=user, role__in=roles).values_list("agency_id", "include_subtree")
        )
        direct = {agency for agency, wide in rows if not wide}
        wide = {agency for agency, wide in rows if wide}
        # A centre's cashier serves the agencies below the centre's People's Committee, not another centre's.
        cached[key] = direct | (subtree_ids(wide, stop_at_centres=True) if wide else set())
    return cached[key]


def collecting_agency_ids(user) -> set[int]:
    return _scope(user, COLLECTING)


def supervised_agency_ids(user) -> set[int]:
    return _scope(user, {Role.SUPERVISOR})


def may_collect_for(user, agency_id: int) -> bool:
    return agency_id in collecting_agency_ids(user)


def is_cashier_or_supervisor(user) -> bool:
    return bool(collecting_agency_ids(user) or supervised_agency_ids(user))
