"""The rating of a dossier, as a typed event (core.events), published in the transaction that saves it: a
rating given, or changed within its 7 days (`changed`). Feedback is above dossiers, so the dossier's own events
do not carry it; subscribers (e.g. a future satisfaction index) subscribe to this one too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from motcua.core.events import event_type


@event_type("feedback.dossier_rated", stream="rating", key="rating_id")
@dataclass(frozen=True, slots=True, kw_only=True)
class DossierRated:
    rating_id: int
    dossier_id: int
    code: str
    agency_id: int
    province_id: int
    procedure_id: int
    officer_id: int | None  # the officer rated (never who rated: that is not stored)
    counter_id: int | None
    channel: str  # online | tablet | ...
    level: int  # 1..5
    scores: dict[str, int] = field(default_factory=dict)  # criterion → 1..5
    changed: bool = False  # a change of an earlier rating
    at: datetime
