"""What happens to a dossier, as typed events (core.events): one per row of the dossier's history, published by
`services.history.append_event` in the transaction that writes the row, delivered after it commits.

Every event carries the dossier's identity and place (agency, province, procedure, channel), the history row
(id, sequence), who acted, when, the move of state and the appointment before and after, so that most
subscribers need not read the dossier again. The history's own "notified" rows (the outbox recording a
message it sent) publish nothing. Names and fields are a contract with the subscribers: add, never rename.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from motcua.core.events import event_type


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseDossierEvent:
    dossier_id: int
    code: str
    agency_id: int  # the agency the dossier is for
    province_id: int
    procedure_id: int
    channel: str  # counter | online | post | ...
    history_id: int  # the DossierEvent row this event is
    sequence: int  # its place in the dossier's history (1, 2, …)
    at: datetime
    actor_id: int | None  # None: the system, or a citizen acting online without an account
    role: str
    acting_agency_id: int | None  # the unit whose step it was
    from_state: str
    to_state: str
    step_name: str  # the step acted on
    note: str  # the reason or remark written in the history
    due_before: datetime | None  # the appointment before and after the event
    due_after: datetime | None


_E = TypeVar("_E", bound=BaseDossierEvent)


def _dossier_event(name: str) -> Callable[[type[_E]], type[_E]]:
    return event_type(f"dossier.{name}", stream="dossier", key="dossier_id")


@_dossier_event("received")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierReceived(BaseDossierEvent):
    """Received at a counter or through another system (state received, the clock running)."""

    documents: int = 0


@_dossier_event("submitted_online")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierSubmittedOnline(BaseDossierEvent):
    """Submitted online (state submitted): waits for the desk's check, its clock not yet started."""


@_dossier_event("accepted")
@dataclass(frozen=True, slots=True, kw_only=True)
class OnlineDossierAccepted(BaseDossierEvent):
    """The desk accepted an online dossier (forward from submitted): its clock starts; due_after is set."""


@_dossier_event("step_assigned")
@dataclass(frozen=True, slots=True, kw_only=True)
class StepAssigned(BaseDossierEvent):
    assignee: str = ""  # username


@_dossier_event("step_finished")
@dataclass(frozen=True, slots=True, kw_only=True)
class StepFinished(BaseDossierEvent):
    """A processing step finished and the next one started (forward, or a leader's approval mid-process)."""

    to_step: str = ""
    step_timeliness: str = ""  # early | on_time | late of the finished step; "" when it had no deadline


@_dossier_event("step_sent_back")
@dataclass(frozen=True, slots=True, kw_only=True)
class StepSentBack(BaseDossierEvent):
    """Sent back to an earlier step (note: the reason), which starts again."""

    to_step: str = ""


@_dossier_event("supplement_requested")
@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementRequested(BaseDossierEvent):
    """The applicant is asked for documents (note: the reason); the clock pauses."""

    items: tuple[str, ...] = ()
    policy: str = ""  # how the clock resumes: pause | restart


@_dossier_event("supplement_completed")
@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementCompleted(BaseDossierEvent):
    """The supplement was handed in; the dossier goes back where it was, its appointment moved (due_after)."""

    paused_from: datetime | None = None


@_dossier_event("extended")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierExtended(BaseDossierEvent):
    """The one extension (Mẫu 04): due_after is the new appointment, note the reason."""

    apology: str = ""


@_dossier_event("result_ready")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierResultReady(BaseDossierEvent):
    """The leader approved the result (or the counter resolved it on the spot): the dossier is finished."""

    timeliness: str = ""  # the dossier's: early | on_time | late
    on_the_spot: bool = False
    result_file_id: int | None = None
    step_timeliness: str = ""  # of the last processing step, finished by the approval ("" on the spot)


@_dossier_event("refused")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierRefused(BaseDossierEvent):
    """Refused (note: the reason)."""


@_dossier_event("stopped")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierStopped(BaseDossierEvent):
    """Processing stopped (note: the reason)."""


@_dossier_event("withdrawn")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierWithdrawn(BaseDossierEvent):
    """Withdrawn at the applicant's request (note: the reason)."""


@_dossier_event("result_returned")
@dataclass(frozen=True, slots=True, kw_only=True)
class ResultReturned(BaseDossierEvent):
    """The result was handed over (counter, post or online)."""

    method: str = ""
    timeliness: str = ""  # the dossier's, as decided when the result was ready


ALL = (
    DossierReceived,
    DossierSubmittedOnline,
    OnlineDossierAccepted,
    StepAssigned,
    StepFinished,
    StepSentBack,
    SupplementRequested,
    SupplementCompleted,
    DossierExtended,
    DossierResultReady,
    DossierRefused,
    DossierStopped,
    DossierWithdrawn,
    ResultReturned,
)


@event_type("dossier.fee_paid", stream="dossier", key="dossier_id")
@dataclass(frozen=True, slots=True, kw_only=True)
class FeePaid:
    """A fee of the dossier was paid (at a counter, online, by transfer). Not a history row and not in ALL: paying
    changes neither the dossier's state nor its version. Published by services.fees.record_fee_paid in the
    transaction that marks the fee paid; the receipts app issues the e-receipt of an online payment from it."""

    fee_id: int
    dossier_id: int
    code: str
    agency_id: int  # the agency the fee is collected for (the dossier's)
    province_id: int
    centre_id: int | None
    amount: int
    method: str  # a dossiers.models.PaymentMethod value
    reference: str  # the payment's own reference (gateway transaction, transfer), "" for cash
    at: datetime
    actor_id: int | None  # None: the system (a gateway's notification)
