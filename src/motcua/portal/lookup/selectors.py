"""What the public look-up shows: the public words for the state and the history, nothing personal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from motcua.catalog.models import ProcedureVersion
from motcua.core.models import Agency
from motcua.core.models import Centre as CentreModel
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierEvent, DossierFee, DossierStep, ReturnMethod
from motcua.dossiers.services.codes import normalise_code, secret_matches
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
    agency: str = ""  # who holds it now: the current step's agency (another one in liên thông), else the dossier's
    unpaid_fees: int = 0  # fees still to pay: the page offers to pay them (portal.payment)


@dataclass
class Centre:
    """Where to collect a result at the counter."""

    name: str
    address: str
    phone: str


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# The look-up is the request a centre serves most (every receipt's QR code, every citizen checking again): it
# reads with three small SQL statements instead of the ORM, whose query building took more time than the
# database (4 ms of a 10 ms page at a million dossiers; see bench/lookup.py).
_DOSSIER_SQL = f"""
    SELECT d.id, d.lookup_secret, d.state, d.received_at, d.due_at, d.original_due_at, d.extended,
           d.return_method, v.name, s.name, s.public_name, c.name, c.address, c.phone, a.name,
           (SELECT COUNT(*) FROM {_table(DossierFee)} f
            WHERE f.dossier_id = d.id AND f.paid_at IS NULL AND f.amount > 0)
    FROM {_table(Dossier)} d
    JOIN {_table(ProcedureVersion)} v ON v.id = d.procedure_version_id
    LEFT JOIN {_table(DossierStep)} s ON s.id = d.current_step_id
    LEFT JOIN {_table(CentreModel)} c ON c.id = d.centre_id
    JOIN {_table(Agency)} a ON a.id = COALESCE(s.agency_id, d.agency_id)
    WHERE d.code = %s
"""
_EVENTS_SQL = f"SELECT at, action, step_name, data FROM {_table(DossierEvent)} WHERE dossier_id = %s ORDER BY sequence"
_STEPS_SQL = f"SELECT name, public_name FROM {_table(DossierStep)} WHERE dossier_id = %s"


def lookup(*, code: str, secret: str) -> Result | None:
    """The public view of the dossier when the code and secret match, None otherwise (same for both cases).
    Three queries whatever the history's length: dossier, events, step names."""
    with connection.cursor() as cursor:
        code = normalise_code(code)
        cursor.execute(_DOSSIER_SQL, [code])
        row = cursor.fetchone()
        if row is None or not secret_matches(stored=row[1], given=secret):
            return None
        (
            pk,
            _secret,
            state,
            received_at,
            due_at,
            original_due_at,
            extended,
            return_method,
            procedure,
            step_name,
            step_public,
            centre_name,
            centre_address,
            centre_phone,
            agency_name,
            unpaid_fees,
        ) = row
        cursor.execute(_EVENTS_SQL, [pk])
        events = [(_moment(at), action, name, _json(data)) for at, action, name, data in cursor.fetchall()]
        cursor.execute(_STEPS_SQL, [pk])
        public_names = {name: public or name for name, public in cursor.fetchall()}
    at_counter = state == State.RESULT_READY and return_method == ReturnMethod.COUNTER and centre_name is not None
    request = next((e for e in reversed(events) if e[1] == "request_supplement"), None)
    return Result(
        code=code,
        procedure=procedure,
        state=state,
        state_text=selectors.PUBLIC_STATE[State(state)](),
        current_step=(step_public or step_name) if step_name and state not in FINISHED else "",
        received_at=_moment(received_at),
        due_at=_moment(due_at),
        original_due_at=_moment(original_due_at),
        extended=bool(extended),
        return_method=return_method,
        timeline=[
            Entry(at=at, text=selectors.PUBLIC_EVENTS[action](), step=public_names.get(name, ""))
            for at, action, name, _data in events
            if action in selectors.PUBLIC_EVENTS
        ],
        supplement_items=list(request[3].get("items", [])) if request and state == State.AWAITING_SUPPLEMENT else [],
        centre=Centre(centre_name, centre_address, centre_phone) if at_counter else None,
        agency=agency_name,
        unpaid_fees=int(unpaid_fees or 0),
    )


def _moment(value) -> datetime | None:
    """A stored time, aware and in Vietnam time. A raw cursor gives what the driver gives: PostgreSQL an aware
    datetime in UTC; SQLite a naive datetime (Django's converter for "datetime" columns) or the text Django wrote,
    both in UTC. A naive value shown as is would read 7 hours early (22:21 on the day before for 05:21)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a stored time: {value!r}")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return timezone.localtime(moment)


def _json(value) -> dict:
    return json.loads(value) if isinstance(value, str | bytes) else (value or {})
