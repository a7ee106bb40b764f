"""Reading the organisation: who may see what."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet, Value

from motcua.core.models import Agency, Centre, EventDelivery, Role, RoleAssignment


def is_staff_member(user) -> bool:
    """Anyone who works in the centre (any role) or administers it; they also see draft procedures."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    cached = getattr(user, "_motcua_has_role", None)
    if cached is None:
        cached = user._motcua_has_role = RoleAssignment.objects.filter(user=user).exists()
    return cached


def subtree_ids(agency_ids: set[int], *, stop_at_centres: bool = False) -> set[int]:
    """The agencies and every agency below them (the tree has hundreds of nodes: walk it in memory, read in one
    query). `stop_at_centres`: the walk does not enter an agency with an active centre of its own (the
    province's and each commune's People's Committee), nor what is below it, unless it starts there."""
    children: dict[int | None, list[int]] = {}
    fence: set[int] = set()
    centred = Exists(Centre.objects.filter(agency_id=OuterRef("pk"), is_active=True)) if stop_at_centres else None
    rows = Agency.objects.order_by().annotate(has_centre=centred or Value(False))
    for pk, parent_id, has_centre in rows.values_list("pk", "parent_id", "has_centre"):
        children.setdefault(parent_id, []).append(pk)
        if has_centre and pk not in agency_ids:
            fence.add(pk)
    found, stack = set(), list(agency_ids)
    while stack:
        pk = stack.pop()
        if pk in found or pk in fence:
            continue
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found


def agency_ids_for(user, *, roles: set[str] | None = None) -> set[int]:
    """The agencies where the user holds one of these roles (any role when None), subtrees included. A counter
    officer's subtree stops at another centre's agencies: the provincial desk does not serve the communes'."""
    assignments = RoleAssignment.objects.filter(user=user)
    if roles:
        assignments = assignments.filter(role__in=roles)
    direct, wide, desk = set(), set(), set()
    for role, agency_id, include_subtree in assignments.values_list("role", "agency_id", "include_subtree"):
        if not include_subtree:
            direct.add(agency_id)
        else:
            (desk if role == Role.COUNTER_OFFICER else wide).add(agency_id)
    found = direct | (subtree_ids(wide) if wide else set())
    if desk:
        found |= subtree_ids(desk, stop_at_centres=True)
    return found


def supervised_agency_ids(user) -> set[int]:
    """What a person watches: supervisors their province (the tree below it), leaders their units."""
    return agency_ids_for(user, roles={Role.SUPERVISOR, Role.LEADER})


def pending_event_keys(*, subscriber: str, stream: str, event_types: tuple[str, ...] = ()) -> QuerySet:
    """The keys (e.g. dossier ids) of the events of `stream` (of these types, when given) still owed to
    `subscriber`, as a subquery."""
    rows = EventDelivery.objects.filter(subscriber=subscriber, stream=stream, key__isnull=False)
    if event_types:
        rows = rows.filter(event_type__in=event_types)
    return rows.values("key")


class Staffing:
    """Who may act where, read once: a step (role at an agency) can be taken when an active user holds its role
    (or, for a specialist's step, a leader's) at that agency, or at an agency above it with its subtree."""

    def __init__(self) -> None:
        self.parents: dict[int, int | None] = dict(Agency.objects.order_by().values_list("pk", "parent_id"))
        self.held: set[tuple[str, int, bool]] = set(
            RoleAssignment.objects.filter(user__is_active=True)
            .order_by()
            .values_list("role", "agency_id", "include_subtree")
            .distinct()
        )

    def can_act(self, role: str, agency_id: int) -> bool:
        roles = {role, Role.LEADER} if role == Role.SPECIALIST else {role}
        current: int | None = agency_id
        seen: set[int] = set()
        first = True
        while current is not None and current not in seen:
            seen.add(current)
            for held in roles:
                if (held, current, True) in self.held or (first and (held, current, False) in self.held):
                    return True
            first = False
            current = self.parents.get(current)
        return False


def own_centre_name(user) -> str | None:
    """The centre a staff member works for: their counter's, else the nearest centre above one of their agencies."""
    rows = list(
        RoleAssignment.objects.filter(user=user)
        .order_by(F("counter").asc(nulls_last=True), "pk")
        .values_list("counter__centre__name", "agency_id")
    )
    if not rows:
        return None
    if rows[0][0]:
        return rows[0][0]
    centres = dict(Centre.objects.filter(is_active=True).order_by("pk").values_list("agency_id", "name"))
    parents: dict[int, int | None] = dict(Agency.objects.order_by().values_list("pk", "parent_id"))
    for _name, agency_id in rows:
        current: int | None = agency_id
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current in centres:
                return centres[current]
            seen.add(current)
            current = parents.get(current)
    return None
