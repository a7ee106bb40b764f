"""Who may see and act on a dossier: roles are scoped to agencies (and the agencies below them)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.core.models import Agency, Role, RoleAssignment, User
from motcua.core.selectors import agency_ids_for, subtree_ids
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.states import Context, State, allowed_actions


class Access:
    """One user's roles by agency, computed once per request."""

    def __init__(self, user: User):
        self.user = user
        self.by_role: dict[str, set[int]] = {}
        self.counter: tuple[int, int] | None = None  # (counter id, centre id) where the user receives dossiers
        wide: dict[str, set[int]] = {}
        for role, agency_id, include_subtree, counter_id, centre_id in (
            RoleAssignment.objects.filter(user=user)
            .order_by("pk")
            .values_list("role", "agency_id", "include_subtree", "counter_id", "counter__centre_id")
        ):
            (wide if include_subtree else self.by_role).setdefault(role, set()).add(agency_id)
            if role == Role.COUNTER_OFFICER and counter_id and self.counter is None:
                self.counter = (counter_id, centre_id)
        for role, ids in wide.items():
            # A counter officer's subtree stops at another centre's agencies (a commune's desk is its own).
            fenced = role == Role.COUNTER_OFFICER
            self.by_role.setdefault(role, set()).update(subtree_ids(ids, stop_at_centres=fenced))
        self.visible = set().union(*self.by_role.values()) if self.by_role else set()

    def roles_at(self, agency_id: int) -> frozenset[str]:
        return frozenset(role for role, ids in self.by_role.items() if agency_id in ids)

    def can_see(self, dossier: Dossier, step: DossierStep | None = None) -> bool:
        return (
            dossier.agency_id in self.visible
            or dossier.province_id in self.visible
            or (step is not None and step.agency_id in self.visible)
        )

    def context(self, dossier: Dossier, step: DossierStep | None, steps: list[DossierStep]) -> Context:
        roles = set(self.roles_at(dossier.agency_id))
        acts_on_step = False
        if step is not None:
            step_roles = self.roles_at(step.agency_id)
            roles |= step_roles
            acts_on_step = step.role in step_roles or (step.role == Role.SPECIALIST and Role.LEADER in step_roles)
        return Context(
            roles=frozenset(roles),
            acts_on_step=acts_on_step,
            is_assignee=step is not None and step.assignee_id == self.user.pk,
            step_assigned=step is not None and step.assignee_id is not None,
            has_previous_step=step is not None and step.position > 2,  # step 1 is the reception at the desk
            is_last_step=step is not None and step.position == last_processing_position(steps),
            extended=dossier.extended,
            state_before_supplement=State(dossier.state_before_supplement) if dossier.state_before_supplement else None,
        )


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    """The one visibility rule for lists: the dossiers of the user's agencies (subtrees included), and those whose
    current step is at one of them (a step of another agency, liên thông)."""
    ids = agency_ids_for(user)
    return Dossier.objects.filter(Q(agency_id__in=ids) | Q(current_step__agency_id__in=ids))


def last_processing_position(steps: list[DossierStep]) -> int:
    """The step whose approval makes the result ready: the last one, unless the last is the desk's return."""
    last = steps[-1]
    if last.role == Role.COUNTER_OFFICER and len(steps) > 2:
        return steps[-2].position
    return last.position


def ancestors(agency_id: int) -> list[int]:
    """The agency and every agency above it (one query for the whole tree)."""
    parents: dict[int, int | None] = dict(Agency.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    current: int | None = agency_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def candidates(step: DossierStep) -> list[str]:
    """Usernames who may act on a step now: its assignee, or everyone holding its role for its agency."""
    if step.assignee_id:
        assert step.assignee is not None  # the foreign key is set: its row exists
        return [step.assignee.username]
    roles = [step.role] + ([Role.LEADER] if step.role == Role.SPECIALIST else [])
    above = ancestors(step.agency_id)
    return sorted(
        set(
            RoleAssignment.objects.filter(role__in=roles, user__is_active=True)
            .filter(Q(agency_id=step.agency_id) | Q(agency_id__in=above[1:], include_subtree=True))
            .values_list("user__username", flat=True)
        )
    )


def allowed_now(*, dossier: Dossier, actor: User, steps: list[DossierStep] | None = None) -> list[str]:
    """The actions this user may take on the dossier now."""
    steps = steps if steps is not None else list(dossier.steps.order_by("position"))
    step = next((s for s in steps if s.pk == dossier.current_step_id), None)
    access = Access(actor)
    if not access.can_see(dossier, step):
        return []
    return [a.value for a in allowed_actions(dossier.state, access.context(dossier, step, steps))]
