"""The rating of a dossier, as a typed event (core.events), published in the transaction that saves it: a
rating given, or changed within its 7 days (`changed`). Feedback is above dossiers, so the dossier's own events
do not carry it: the statistics subscribe to this one too. And the arrival and first answer of feedback."""

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
    given_at: datetime | None = None  # when the rating was first given (at, unless changed)
    previous_level: int = 0  # before a change: the levels it replaces (0: none)
    previous_scores: dict[str, int] = field(default_factory=dict)


@event_type("feedback.submitted", stream="feedback", key="feedback_id")
@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackSubmitted:
    """A citizen's feedback (phản ánh, kiến nghị) arrived, routed to an agency, to be answered by due_at."""

    feedback_id: int
    agency_id: int
    province_id: int
    at: datetime
    due_at: datetime


@event_type("feedback.answered", stream="feedback", key="feedback_id")
@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackAnswered:
    """Its first answer (a later edit of the answer publishes nothing)."""

    feedback_id: int
    agency_id: int
    province_id: int
    at: datetime
    due_at: datetime
