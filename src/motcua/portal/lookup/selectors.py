"""What the public look-up shows: the public words for the state and the history, nothing personal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from motcua.core.models import Centre
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierStep, ReturnMethod
from motcua.dossiers.states import State

FINISHED = {State.RETURNED, State.REFUSED, State.STOPPED, State.WITHDRAWN}


@dataclass
class Entry:
    at: datetime
    text: str
    step: str


@dataclass
class Result:
    code: str
    procedure: str
    state: str
    state_text: str
    current_step: str
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    extended: bool
    return_method: str
    timeline: list[Entry] = field(default_factory=list)
    supplement_items: list[str] = field(default_factory=list)
    centre: Centre | None = None  # where to collect a result at the counter (name, address, phone of the centre)


def lookup(code: str, secret: str) -> Result | None:
    """The public view of the dossier when the code and secret match, None otherwise (same for both cases).
    Four queries whatever the history's length: dossier, events, step names, centre."""
    dossier: Dossier | None = selectors.public_lookup(code, secret)
    if dossier is None:
        return None
    public_names = {
        name: public or name
        for name, public in DossierStep.objects.filter(dossier=dossier).values_list("name", "public_name")
    }
    step = dossier.current_step
    centre = None
    if dossier.state == State.RESULT_READY and dossier.return_method == ReturnMethod.COUNTER and dossier.centre_id:
        centre = Centre.objects.filter(pk=dossier.centre_id).only("name", "address", "phone").first()
    return Result(
        code=dossier.code,
        procedure=dossier.procedure_version.name,
        state=dossier.state,
        state_text=selectors.PUBLIC_STATE[State(dossier.state)](),
        current_step=(step.public_name or step.name) if step and dossier.state not in FINISHED else "",
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        original_due_at=dossier.original_due_at,
        extended=dossier.extended,
        return_method=dossier.return_method,
        timeline=[
            Entry(at=e.at, text=selectors.PUBLIC_EVENTS[e.action](), step=public_names.get(e.step_name, ""))
            for e in dossier.events.all()
            if e.action in selectors.PUBLIC_EVENTS
        ],
        supplement_items=selectors.supplement_items(dossier),
        centre=centre,
    )
