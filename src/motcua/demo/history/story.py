"""One dossier's life: its row, steps and history, changed action by action as the services change them."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from motcua.catalog.models import Channel
from motcua.core import text
from motcua.core.models import Role
from motcua.demo.history.people import Person
from motcua.demo.history.vocabulary import APOLOGY
from motcua.demo.history.world import Desk, Offer, Staff, World
from motcua.dossiers.models import (
    ReturnMethod,
)
from motcua.dossiers.services.clock import timed_budgets
from motcua.dossiers.services.history import GENESIS, event_hash
from motcua.dossiers.states import State

if TYPE_CHECKING:
    from motcua.demo.history.scans import Scan, Scans


class Story:
    """A dossier, its steps and its history, changed action by action the way the services change them."""

    def __init__(
        self,
        *,
        world: World,
        desk: Desk,
        offer: Offer,
        channel: str,
        person: Person,
        code: str,
        secret: str,
        dossier_id: int,
        submitted_at: datetime,
        record: bool,
    ):
        self.desk, self.world, self.cal, self.record = desk, world, desk.calendar, record
        amount, unit = offer.limits[channel]
        online = channel == Channel.ONLINE
        return_method = ReturnMethod.POST if channel == Channel.POSTAL else ReturnMethod.COUNTER
        self.d = dict(
            id=dossier_id,
            code=code,
            lookup_secret=secret,
            province_id=desk.province_id,
            agency_id=desk.agency_id,
            centre_id=desk.centre_id,
            counter_id=desk.counter_id,
            procedure_id=offer.procedure_id,
            procedure_version_id=offer.version_id,
            channel=channel,
            applicant_id=None,
            applicant_name=person.name,
            applicant_id_number=person.id_number,
            applicant_phone=person.phone,
            applicant_email=person.email,
            applicant_address=person.address,
            state=State.SUBMITTED if online else State.RECEIVED,
            version=1,
            submitted_at=submitted_at,
            received_at=None,
            due_at=None,
            original_due_at=None,
            limit_amount=amount,
            limit_unit=unit,
            pause_policy="pause",
            paused_since=None,
            state_before_supplement="",
            supplement_count=0,
            extended=False,
            finished_at=None,
            timeliness="",
            return_method=return_method,
            return_address=person.address if return_method == ReturnMethod.POST else "",
            returned_at=None,
            return_receiver="",
            return_tracking="",
            received_by_id=None,
            result_file_id=None,
            current_step_id=None,
            updated_at=submitted_at,
            search_text=f"{code.lower()} {text.fold(person.name)} {person.id_number.lower()}",
        )
        self.person = person
        self.steps = [
            SimpleNamespace(
                position=i,
                spec=s,
                budget_amount=s.budget_amount,
                budget_unit=s.budget_unit,
                started_at=None,
                due_at=None,
                finished_at=None,
                assignee_id=None,
                timeliness="",
                pk=None,
            )
            for i, s in enumerate(offer.steps[channel], start=1)
        ]
        self.current = None
        self.events: list[SimpleNamespace] = []
        self.hash = GENESIS
        self.documents = offer.documents
        self.offer_name = offer.name
        self.scans: list[list[Scan]] = [[] for _ in offer.documents]  # each document's files
        self.files: Scans | None = None  # where its scans and result are made (recorded dossiers only)
        self.fees: list[dict] = []  # DossierFee fields; a method given at reception means paid then
        self.due_before: datetime | None = None  # the appointment before the current action (events record it)

    # -- what every action shares: the new version and the event (hash-chained) --

    def _event(
        self,
        at: datetime,
        actor: Staff,
        action: str,
        *,
        from_state: str = "",
        to_state: str = "",
        step=None,
        agency_id: int | None = None,
        note: str = "",
        data: dict | None = None,
        role: str | None = None,
        step_name: str | None = None,
    ) -> None:
        step = step if step is not None else self.current
        self.d["updated_at"] = at  # the row's auto_now: the last action saved it
        if from_state:  # actions after the first one move the version on (receive and submit start at 1)
            self.d["version"] += 1
        due_before, self.due_before = self.due_before, self.d["due_at"]
        if not self.record:
            return
        if agency_id is None:
            agency_id = step.spec.agency_id if step is not None else self.d["agency_id"]
        event = SimpleNamespace(
            dossier_id=self.d["id"],
            province_id=self.d["province_id"],
            sequence=len(self.events) + 1,
            at=at,
            actor_id=actor.id,
            actor_name=actor.actor_name,
            role=role if role is not None else self._acting_role(actor, step),
            agency_id=agency_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            step_name=step_name if step_name is not None else step.spec.name if step is not None else "",
            note=note,
            data=data or {},
            due_before=due_before,
            due_after=self.d["due_at"],
            previous_hash=self.hash,
        )
        event.hash = self.hash = event_hash(event)
        self.events.append(event)

    def _acting_role(self, actor: Staff, step) -> str:
        roles = actor.roles_at(self.d["agency_id"]) | (actor.roles_at(step.spec.agency_id) if step else frozenset())
        for role in (Role.LEADER, Role.SPECIALIST, Role.COUNTER_OFFICER, Role.SUPERVISOR):
            if role in roles:
                return role
        return ""

    def _begin(self, step, at: datetime, assignee_id: int | None = None) -> None:
        step.started_at, step.finished_at, step.assignee_id, step.due_at = at, None, assignee_id, None
        if step.budget_amount:
            step.due_at = self.cal.due(at, step.budget_amount, step.budget_unit)
        self.current = step

    def _finish(self, step, at: datetime) -> None:
        step.finished_at = at
        if step.due_at:
            step.timeliness = self.cal.classify(at, step.due_at)

    def _next(self, step):
        return next((s for s in self.steps if s.position > step.position), None)

    def _start_clock(self, at: datetime, officer: Staff) -> None:
        d = self.d
        d["received_at"], d["received_by_id"] = at, officer.id
        d["due_at"] = d["original_due_at"] = self.cal.due(at, d["limit_amount"], d["limit_unit"])
        budgets = timed_budgets(
            self.cal, received_at=at, due_at=d["due_at"], budgets=[(s.budget_amount, s.budget_unit) for s in self.steps]
        )
        for step, (amount, unit) in zip(self.steps, budgets, strict=True):
            step.budget_amount, step.budget_unit = amount, unit
        reception = self.steps[0]
        reception.started_at = reception.started_at or at
        reception.finished_at, reception.assignee_id = at, officer.id
        if reception.budget_amount:
            reception.due_at = self.cal.due(reception.started_at, reception.budget_amount, reception.budget_unit)
            reception.timeliness = self.cal.classify(at, reception.due_at)
        if len(self.steps) > 1:
            self._begin(self.steps[1], at)

    # -- the actions --

    def receive(self, at: datetime, officer: Staff) -> None:
        """At the counter (or from the post): code, appointment, the first processing step starts."""
        self._start_clock(at, officer)
        for fee in self.fees:
            if fee["method"]:
                fee["paid_at"] = at
        self._event(
            at,
            officer,
            "receive",
            to_state=State.RECEIVED,
            step=self.steps[0],
            agency_id=self.d["agency_id"],
            role=Role.COUNTER_OFFICER,
            data={"documents": len(self.documents), "fees": [f["amount"] for f in self.fees]},
        )

    def submit(self, at: datetime, officer: Staff) -> None:
        """Online: recorded, waiting for the desk's check; the clock has not started."""
        first = self.steps[0]
        first.started_at = at
        self.current = first
        for fee in self.fees:
            if fee["method"]:
                fee["paid_at"] = at
        self._event(
            at,
            officer,
            "submit",
            to_state=State.SUBMITTED,
            step=first,
            agency_id=self.d["agency_id"],
            role=Role.COUNTER_OFFICER,
        )

    def accept(self, at: datetime, officer: Staff) -> None:
        step = self.current
        self._start_clock(at, officer)
        self._transition(at, officer, "forward", State.RECEIVED, step=step)

    def assign(self, at: datetime, actor: Staff, assignee: Staff) -> None:
        step = self.current
        step.assignee_id = assignee.id
        self._transition(at, actor, "assign", State.IN_PROGRESS, data={"assignee": assignee.username})

    def forward(self, at: datetime, actor: Staff) -> None:
        step = self.current
        self._finish(step, at)
        following = self._next(step)
        self._begin(following, at)
        # The finished step's timeliness in the history, as the service keeps it (the step may start again).
        data = {"to_step": following.spec.name, "step_timeliness": step.timeliness}
        self._transition(at, actor, "forward", State.IN_PROGRESS, step=step, data=data)

    def send_back(self, at: datetime, actor: Staff, reason: str) -> None:
        step = self.current
        previous = [s for s in self.steps if 1 < s.position < step.position][-1]
        step.started_at, step.assignee_id = None, None
        self._begin(previous, at, previous.assignee_id)
        self._transition(
            at, actor, "send_back", State.IN_PROGRESS, step=step, note=reason, data={"to_step": previous.spec.name}
        )

    def request_supplement(self, at: datetime, actor: Staff, reason: str, items: list[str]) -> None:
        d = self.d
        d["state_before_supplement"], d["paused_since"] = d["state"], at
        d["supplement_count"] += 1
        self._transition(
            at,
            actor,
            "request_supplement",
            State.AWAITING_SUPPLEMENT,
            note=reason,
            data={"items": items, "policy": d["pause_policy"]},
        )

    def complete_supplement(self, at: datetime, officer: Staff) -> None:
        d = self.d
        pause = (d["paused_since"], at)
        back = d["state_before_supplement"]
        if back != State.SUBMITTED and d["due_at"] is not None:  # the pause policy: the clock stood still
            d["due_at"] = self.cal.due(d["due_at"], 0, "working_hour", pauses=[pause])
        step = self.current
        if step is not None and step.due_at is not None:
            step.due_at = self.cal.due(step.due_at, 0, "working_hour", pauses=[pause])
        d["paused_since"], d["state_before_supplement"] = None, ""
        to = back if back in {State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS} else State.RECEIVED
        paused_from = pause[0].astimezone(UTC).isoformat()  # as the service reads it back from the database
        self._transition(
            at, officer, "complete_supplement", to, data={"paused_from": paused_from, "policy": d["pause_policy"]}
        )

    def extend(self, at: datetime, leader: Staff, reason: str, new_due: datetime) -> None:
        raw = new_due.isoformat()  # what the leader typed: local time with its offset
        self.d["due_at"], self.d["extended"] = datetime.fromisoformat(raw), True
        apology = APOLOGY.format(agency=self.desk.name, at=f"{new_due:%H:%M ngày %d/%m/%Y}")
        self._transition(
            at, leader, "extend", self.d["state"], note=reason, data={"apology": apology, "new_due_at": raw}
        )

    def approve(self, at: datetime, leader: Staff, *, electronic: bool = False) -> None:
        """The result is ready; `electronic`: with the signed result's file (when the dossier's files are made)."""
        result = self.files.result(self, at, leader) if electronic and self.files is not None else None
        step = self.current
        self._finish(step, at)
        d = self.d
        d["finished_at"] = at
        d["timeliness"] = "late" if d["supplement_count"] > 1 else self.cal.classify(at, d["due_at"])
        returning = self._next(step)
        if returning is not None:
            self._begin(returning, at)
        d["result_file_id"] = result
        data = {"result_file_id": result, "step_timeliness": step.timeliness}
        self._transition(at, leader, "approve", State.RESULT_READY, step=step, data=data)

    def resolve_on_the_spot(self, at: datetime, officer: Staff) -> None:
        """Giải quyết ngay: in the sitting of the reception, the counter officer finishes the processing steps
        and the result is ready; the returning step (if any) starts (as `intake._resolve_on_the_spot`)."""
        d = self.d
        last = self.steps[-1]
        returning = last if len(self.steps) > 2 and last.spec.role == Role.COUNTER_OFFICER else None
        for step in self.steps[1:]:
            if step is returning:
                break
            step.started_at, step.finished_at, step.assignee_id = step.started_at or at, at, officer.id
            step.timeliness = self.cal.classify(at, step.due_at) if step.due_at else ""
        d["finished_at"] = at
        d["timeliness"] = self.cal.classify(at, d["due_at"]) if d["due_at"] else ""
        self.current = returning
        if returning is not None:
            self._begin(returning, at, officer.id)
        self._transition(
            at,
            officer,
            "approve",
            State.RESULT_READY,
            agency_id=d["agency_id"],
            role=Role.COUNTER_OFFICER,
            step_name="",
            note=gettext("Resolved on the spot"),
            data={"on_the_spot": True},
        )

    def return_result(self, at: datetime, officer: Staff, method: str, receipt: str) -> None:
        d = self.d
        step = self.current
        receiver = d["applicant_name"] if method != ReturnMethod.ONLINE else ""
        tracking = f"E{self.desk.agency_id % 26 + 65:c}{d['id'] % 10**9:09d}VN" if method == ReturnMethod.POST else ""
        if step is not None and step.finished_at is None:
            self._finish(step, at)
        d["return_method"], d["return_receiver"], d["return_tracking"], d["returned_at"] = (
            method,
            receiver,
            tracking,
            at,
        )
        paid = []
        for fee in self.fees:
            if fee["paid_at"] is None:
                fee.update(paid_at=at, receipt_number=receipt, method="cash")
                paid.append(fee["amount"])
        self._transition(
            at,
            officer,
            "return_result",
            State.RETURNED,
            data={"method": method, "receiver": receiver, "tracking_number": tracking, "fees_paid": paid},
        )

    def close(self, at: datetime, actor: Staff, action: str, reason: str) -> None:
        """refuse, stop or withdraw: the dossier ends here."""
        self.d["finished_at"], self.d["paused_since"] = at, None
        if self.current is not None and self.current.finished_at is None:  # as dossiers.services: its step ends
            self.current.finished_at = at
        to = {"refuse": State.REFUSED, "stop": State.STOPPED, "withdraw": State.WITHDRAWN}[action]
        self._transition(at, actor, action, to, note=reason)

    def _transition(
        self,
        at: datetime,
        actor: Staff,
        action: str,
        to_state: str,
        *,
        step=None,
        note: str = "",
        data: dict | None = None,
        **event,
    ) -> None:
        from_state = self.d["state"]
        self.d["state"] = to_state
        self._event(
            at, actor, action, from_state=from_state, to_state=to_state, step=step, note=note, data=data, **event
        )
