"""Statistics over the API: a scope's counts for a period, and the Decision 766 index, read from the kept figures.

Supervisors see their province (any agency in it), leaders their own units; `agency` narrows to one agency and
the units below it, and without it the answer covers everything the caller may see."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.api.auth import bearer, session
from motcua.api.errors import ApiError
from motcua.api.schemas import AgencyOut, errors
from motcua.core.models import Agency
from motcua.core.selectors import subtree_ids, supervised_agency_ids
from motcua.stats.selectors.figures import Scope, summary
from motcua.stats.selectors.index import BadPeriod, index_for, parse_period

router = Router(tags=["statistics"], auth=[bearer, session])

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
MAX_YEARS = 5
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AGENCY = "an agency's code (e.g. 000.00.03.H99): that agency and the units below it; none: everything you may see"


# Answers ------------------------------------------------------------------------------------------------------


class RatesOut(Schema):
    on_time_rate: float | None = PydanticField(..., description="resolved early or on time, of the resolved")
    online_share: float | None = PydanticField(..., description="received online, of the received")
    spot_or_online_share: float | None = PydanticField(
        ..., description="resolved on the spot or received online, of the received"
    )
    satisfied_share: float | None = PydanticField(..., description="satisfied or very satisfied, of the ratings")
    digitised_share: float | None = PydanticField(..., description="digitised at reception, of the received")
    average_working_days: float | None = PydanticField(
        ..., description="average working time to the result, in working days of 8 hours"
    )


def _count(description: str):
    return PydanticField(..., ge=0, description=description)


class SummaryCounts(Schema):
    """Every count of stats.selectors.figures.Summary under its name: flows over the period, stocks at its end."""

    received: int = _count("dossiers received")
    received_counter: int = _count("received at a counter")
    received_online: int = _count("received online")
    received_full_online: int = _count("received online for a procedure offered fully online")
    received_postal: int = _count("received by post")
    carried_over: int = _count("in progress at the end of the day before the period")
    resolved: int = _count("resolved (result ready)")
    resolved_early: int = _count("resolved before the appointment")
    resolved_on_time: int = _count("resolved on the appointment's day")
    resolved_late: int = _count("resolved after the appointment")
    resolved_late_apologised: int = _count("resolved late, with a written apology (Mẫu 04)")
    on_the_spot: int = _count("resolved on the spot (giải quyết ngay)")
    electronic_result: int = _count("resolved with an electronic result")
    with_fee: int = _count("received with a fee")
    paid_online: int = _count("fees paid online")
    working_minutes: int = _count("working minutes from reception to the result, summed over the resolved")
    refused: int = _count("refused")
    stopped: int = _count("stopped")
    withdrawn: int = _count("withdrawn by the applicant")
    returned: int = _count("results returned")
    supplement_requested: int = _count("supplement requests (Mẫu 02)")
    extended: int = _count("extensions with an apology (Mẫu 04)")
    digitised: int = _count("received with the documents digitised")
    reused: int = _count("received reusing documents stored before")
    in_progress: int = _count("in progress at the end of the period")
    in_progress_late: int = _count("of them past their appointment")
    ratings: int = _count("satisfaction ratings given")
    ratings_satisfied: int = _count("rated satisfied or very satisfied")
    ratings_dissatisfied: int = _count("rated dissatisfied or very dissatisfied")
    feedback_received: int = _count("feedback (phản ánh, kiến nghị) received")
    feedback_answered: int = _count("feedback answered")
    feedback_answered_on_time: int = _count("feedback answered within its deadline")


class SummaryOut(SummaryCounts):
    agency: AgencyOut | None = PydanticField(..., description="the agency asked for; null: the caller's whole scope")
    period_from: date = PydanticField(..., alias="from", description="first day counted (Vietnam time)")
    period_to: date = PydanticField(..., alias="to", description="last day counted (Vietnam time)")
    in_progress_on_time: int
    resolved_in_time: int = PydanticField(..., description="resolved early or on time")
    rates: RatesOut
    generated_at: datetime = PydanticField(..., description="when the answer was computed, Vietnam time (+07:00)")


class IndicatorOut(Schema):
    key: str
    name: str
    numerator: int | None
    denominator: int | None
    points: float | None = PydanticField(..., description="null when motcua cannot measure this indicator")
    max: float
    measured: bool


class GroupOut(Schema):
    key: str
    name: str
    points: float | None = PydanticField(..., description="the measured indicators' points; null if none is")
    max: float
    indicators: list[IndicatorOut]


class IndexOut(Schema):
    agency: AgencyOut | None
    period: str = PydanticField(..., description="2026, 2026-Q3 or 2026-09")
    period_from: date = PydanticField(..., alias="from")
    period_to: date = PydanticField(..., alias="to")
    total: float = PydanticField(..., description="points of the measured indicators")
    max: float = PydanticField(..., description="always 100")
    measured_max: float = PydanticField(..., description="the points measured here: what `total` is out of")
    groups: list[GroupOut]
    generated_at: datetime


# Questions ----------------------------------------------------------------------------------------------------


class SummaryQuery(Schema):
    agency: str | None = PydanticField(None, max_length=20, description=AGENCY)
    period_from: str | None = PydanticField(
        None, alias="from", max_length=10, description="first day, YYYY-MM-DD; default: 1 January of `to`'s year"
    )
    period_to: str | None = PydanticField(None, alias="to", max_length=10, description="last day; default: today")


class IndexQuery(Schema):
    agency: str | None = PydanticField(None, max_length=20, description=AGENCY)
    period: str | None = PydanticField(
        None, max_length=7, description="a year (2026), a quarter (2026-Q3) or a month (2026-09); default: this month"
    )


def _day(text: str | None, name: str) -> date | None:
    if text is None or text == "":
        return None
    try:
        if not ISO_DATE.match(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError as error:
        message = _("“%(name)s” must be a date written YYYY-MM-DD, e.g. 2026-09-30.") % {"name": name}
        raise ApiError(422, "validation_error", message) from error
    if not FIRST_DAY <= day <= LAST_DAY:
        message = _("“%(name)s” must be between %(first)s and %(last)s.") % {
            "name": name,
            "first": FIRST_DAY.isoformat(),
            "last": LAST_DAY.isoformat(),
        }
        raise ApiError(422, "validation_error", message)
    return day


def _period(params: SummaryQuery) -> tuple[date, date]:
    end = _day(params.period_to, "to") or timezone.localdate()
    start = _day(params.period_from, "from") or end.replace(month=1, day=1)
    if start > end:
        raise ApiError(422, "period", _("The period ends before it starts: “from” must not be after “to”."))
    if end - start > timedelta(days=366 * MAX_YEARS):
        raise ApiError(422, "period", _("Choose a period of at most %(n)d years.") % {"n": MAX_YEARS})
    return start, end


def _scope_of(request, code: str | None) -> tuple[Agency | None, frozenset[int] | None]:
    """(the agency asked for, the agency ids to count; None: every agency) for the caller, or the error."""
    user = request.auth
    allowed = None if user.is_superuser else supervised_agency_ids(user)
    if allowed is not None and not allowed:
        message = _("Statistics are for supervisors (their province) and leaders (their units).")
        raise ApiError(403, "forbidden", message)
    if not code:
        return None, None if allowed is None else frozenset(allowed)
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ApiError(404, "not_found", _("No agency has the code %(code)s.") % {"code": code})
    if allowed is not None and agency.pk not in allowed:
        message = _("You may not see the statistics of %(name)s (%(code)s): it is outside your agencies.") % {
            "name": agency.name,
            "code": agency.code,
        }
        raise ApiError(403, "forbidden", message)
    below = subtree_ids({agency.pk})
    return agency, frozenset(below if allowed is None else below & allowed)


def _agency_out(agency: Agency | None) -> dict | None:
    return {"code": agency.code, "name": agency.name} if agency is not None else None


@router.get("/stats/summary", response={200: SummaryOut, **errors(401, 403, 404, 422)}, by_alias=True)
def stats_summary(request, params: Query[SummaryQuery]):
    """Every count of the caller's scope (or of one agency) over a period of local days, both included: dossiers
    received by channel, resolved by timeliness, in progress at the end, ratings and feedback. Read from the kept
    figures: a few small queries whatever the number of dossiers. Periods of at most 5 years."""
    start, end = _period(params)
    agency, ids = _scope_of(request, params.agency)
    found = summary(Scope(start=start, end=end, agency_ids=ids))
    rates = {name: getattr(found, name) for name in RatesOut.model_fields}
    return {
        **found.as_dict(),
        "agency": _agency_out(agency),
        "from": start,
        "to": end,
        "in_progress_on_time": found.in_progress_on_time,
        "resolved_in_time": found.resolved_in_time,
        "rates": rates,
        "generated_at": timezone.now(),
    }


@router.get("/stats/index", response={200: IndexOut, **errors(401, 403, 404, 422)}, by_alias=True)
def stats_index(request, params: Query[IndexQuery]):
    """The Decision 766 index (100 points in five groups) of the caller's scope or of one agency for a year, a
    quarter or a month, with the numerator and denominator of every indicator. Indicators motcua cannot measure
    yet have `measured: false` and count in `max`, not in `measured_max`. Names are in the language asked for
    (Accept-Language: vi or en)."""
    text = params.period or f"{timezone.localdate():%Y-%m}"
    try:
        period = parse_period(text)
    except BadPeriod as error:
        message = _("“period” must be a year (2026), a quarter (2026-Q3) or a month (2026-09), from 2000 to 2100.")
        raise ApiError(422, "validation_error", message) from error
    agency, ids = _scope_of(request, params.agency)
    score = index_for(Scope(start=period.start, end=period.end, agency_ids=ids)).score
    return {
        "agency": _agency_out(agency),
        "period": period.text,
        "from": period.start,
        "to": period.end,
        "total": score.total,
        "max": score.max,
        "measured_max": score.measured_max,
        "groups": [
            {
                "key": group.key,
                "name": _(group.name),
                "points": group.points,
                "max": group.max,
                "indicators": [
                    {
                        "key": i.key,
                        "name": _(i.name),
                        "numerator": i.numerator,
                        "denominator": i.denominator,
                        "points": i.points,
                        "max": i.max,
                        "measured": i.measured,
                    }
                    for i in group.indicators
                ],
            }
            for group in score.groups
        ],
        "generated_at": timezone.now(),
    }
