"""Reads for the dossier page (/desk/ho-so/<code>/): the dossier with everything shown (a fixed number of
queries whatever its documents, steps and events), the actions the user may take now, the forms that apply,
and one of its files for the inline viewer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Role, RoleAssignment, User
from motcua.core.params import parse_id
from motcua.desk.selectors.inbox import due_class
from motcua.desk.selectors.supervision import state_label
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, StoredFile
from motcua.dossiers.services.access import Access, ancestors
from motcua.dossiers.states import APPLICANT, TERMINAL, Action, Context, State, allowed_actions
from motcua.signatures.selectors import attach_marks
from motcua.workdays.selectors import calendar_for

ACTION_LABELS = {
    Action.ASSIGN: _("Assign"),
    Action.FORWARD: _("Forward to the next step"),
    Action.SEND_BACK: _("Send back to the previous step"),
    Action.REQUEST_SUPPLEMENT: _("Ask for a supplement"),
    Action.COMPLETE_SUPPLEMENT: _("Supplement received"),
    Action.APPROVE: _("Approve"),
    Action.REFUSE: _("Refuse"),
    Action.EXTEND: _("Apologise and set a new appointment"),
    Action.STOP: _("Stop handling"),
    Action.WITHDRAW: _("Withdraw at the applicant's request"),
    Action.RETURN_RESULT: _("Return the result"),
}
ACCEPT_LABEL = _("Receive")  # forward from `submitted`: the desk accepts an online dossier (its Mẫu 01)


def action_label(action: Action, dossier: Dossier) -> str:
    """The action's name on its button; forwarding an online dossier from the desk's check is its reception."""
    if action == Action.FORWARD and dossier.state == State.SUBMITTED:
        return str(ACCEPT_LABEL)
    return str(ACTION_LABELS[action])


EVENT_LABELS = {
    "submit": _("Submitted online"),
    "receive": _("Received at the desk"),
    "assign": _("Assigned"),
    "forward": _("Forwarded"),
    "send_back": _("Sent back"),
    "request_supplement": _("Supplement requested"),
    "complete_supplement": _("Supplement received"),
    "approve": _("Approved"),
    "refuse": _("Refused"),
    "extend": _("Apology and new appointment"),
    "stop": _("Handling stopped"),
    "withdraw": _("Withdrawn by the applicant"),
    "notified": _("Applicant notified"),
    "return_result": _("Result returned"),
}
# Printed forms (Mẫu): which event of the history makes each one printable (fill.dossier_form's own rule).
FORMS = [
    ("01", _("Receipt and appointment (Mẫu 01)")),
    ("02", _("Supplement request (Mẫu 02)")),
    ("03", _("Refusal (Mẫu 03)")),
    ("04", _("Apology and new appointment (Mẫu 04)")),
    ("05", _("Notice that handling stopped (Mẫu 05)")),
    ("06", _("Control slip (Mẫu 06)")),
]
FORM_EVENTS = {"02": "request_supplement", "03": "refuse", "04": "extend", "05": "stop"}
TIMELINESS = {"early": _("Early"), "on_time": _("On time"), "late": _("Late")}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}  # what a browser shows in <img> (TIFF is downloaded)


@dataclass
class Entry:
    """One event of the timeline, with its labels."""

    event: DossierEvent
    label: str
    role: str
    from_state: str
    to_state: str
    due_changed: bool
    missing: list[str]  # the documents a supplement request asked for


@dataclass
class Page:
    dossier: Dossier
    access: Access
    steps: list[DossierStep]
    step: DossierStep | None
    documents: list
    result_file: StoredFile | None
    context: Context
    actions: list[str]
    state_text: str
    due_class: str
    timeline: list[Entry]
    forms: list[tuple[str, str]]
    assignees: list[tuple[str, str]] = field(default_factory=list)
    supplement_items: list[str] = field(default_factory=list)
    unpaid_fees: list = field(default_factory=list)

    @property
    def step_open(self) -> bool:
        return self.step is not None and self.dossier.state not in TERMINAL


def page(*, code: str, user: User) -> Page | None:
    """Everything the dossier page shows, if the user may see the dossier (None otherwise: a 404)."""
    found = selectors.dossier_detail(code=code, user=user)
    if found is None:
        return None
    dossier, access = found
    steps = list(dossier.steps.all())
    step = next((s for s in steps if s.pk == dossier.current_step_id), None)
    context = access.context(dossier, step, steps)
    actions = [a.value for a in allowed_actions(dossier.state, context)]
    events = list(dossier.events.all())
    happened = {e.action for e in events}
    forms = [
        (number, str(title))
        for number, title in FORMS
        if (number == "01" and dossier.received_at) or number == "06" or FORM_EVENTS.get(number) in happened
    ]
    documents = list(dossier.documents.all())
    for document in documents:
        for stored in document.files.all():
            stored.kind = file_kind(stored)
    result = StoredFile.objects.filter(pk=dossier.result_file_id).first() if dossier.result_file_id else None
    if result is not None:
        result.kind = file_kind(result)
    attach_marks([stored for document in documents for stored in document.files.all()] + ([result] if result else []))
    calendar = calendar_for() if dossier.finished_at is None and dossier.due_at else None
    return Page(
        dossier=dossier,
        access=access,
        steps=steps,
        step=step,
        documents=documents,
        result_file=result,
        context=context,
        actions=actions,
        state_text=state_label(dossier.state),
        due_class=due_class(dossier=dossier, now=timezone.now(), calendar=calendar),
        timeline=[_entry(e) for e in events],
        forms=forms,
        assignees=assignees_for(step) if Action.ASSIGN in actions and step is not None else [],
        supplement_items=selectors.supplement_items(dossier),
        unpaid_fees=[f for f in dossier.fees.all() if f.paid_at is None],
    )


def _role_label(role: str) -> str:
    if role == APPLICANT:
        return str(_("Applicant, online"))
    return str(Role(role).label) if role in Role.values else role


def _entry(event: DossierEvent) -> Entry:
    return Entry(
        event=event,
        label=str(EVENT_LABELS.get(event.action, event.action)),
        role=_role_label(event.role),
        from_state=state_label(event.from_state) if event.from_state else "",
        to_state=state_label(event.to_state) if event.to_state else "",
        due_changed=event.due_before != event.due_after,
        missing=list(event.data.get("items", [])) if isinstance(event.data, dict) else [],
    )


def assignees_for(step: DossierStep) -> list[tuple[str, str]]:
    """(username, name) of who may take the step: its unit's specialists and leaders (roles held at its agency,
    or above it for the agencies below)."""
    above = ancestors(step.agency_id)
    rows = (
        RoleAssignment.objects.filter(role__in=[Role.SPECIALIST, Role.LEADER], user__is_active=True)
        .filter(Q(agency_id=step.agency_id) | Q(agency_id__in=above[1:], include_subtree=True))
        .values_list("user__username", "user__full_name")
        .distinct()
        .order_by("user__full_name", "user__username")
    )
    return [(username, full_name or username) for username, full_name in rows]


def visible_file(*, code: str, user: User, file_id: int) -> StoredFile | None:
    """A file of the dossier (a document's scan or its result), if the user may see the dossier."""
    dossier = Dossier.objects.select_related("current_step").filter(code=code).first()
    if dossier is None or not Access(user).can_see(dossier, dossier.current_step):
        return None
    return (
        StoredFile.objects.filter(pk=file_id)
        .filter(Q(dossier_documents__dossier=dossier) | Q(pk=dossier.result_file_id or 0))
        .distinct()
        .first()
    )


def own_upload(*, user: User, file_id) -> StoredFile | None:
    """A file this user uploaded (a result kept across a failed approval); nobody else's."""
    pk = parse_id(file_id)
    if pk is None:
        return None
    return StoredFile.objects.filter(pk=pk, uploaded_by=user).first()


def file_kind(stored: StoredFile) -> str:
    if stored.content_type == "application/pdf":
        return "pdf"
    return "image" if stored.content_type in IMAGE_TYPES else "other"
