"""The queue's figures over the API: tickets, outcomes, no-show rate, average waiting and service time of a centre (or
of every centre the caller may see) for a period, by area, counter, officer and hour; and, when the period takes in
today, the hall right now. For the statistics dashboards of other systems. Staff only (token or session), scoped as
the statistics are: supervisors their province's centres, leaders the areas serving their units.

Its own router: src/motcua/api/queue.py (the lead's) mounts it beside the queue's other endpoints."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.api.auth import bearer, session
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.api.stats import _day
from motcua.core.models import Centre
from motcua.core.selectors import supervised_agency_ids
from motcua.queue import figures as queue_figures
from motcua.queue.figures import Line

router = Router(tags=["queue"], auth=[bearer, session])
router.add_decorator(never_cache, mode="view")  # the answer depends on who asks

MAX_DAYS = 366


class QueueLineOut(Schema):
    key: str = PydanticField(
        ..., description="the area's code, the counter's number, the officer's user name, the hour"
    )
    label: str
    issued: int = PydanticField(..., ge=0, description="new numbers taken (a transfer keeps its number: not counted)")
    called: int = PydanticField(..., ge=0, description="tickets called for the first time (recalls not counted)")
    served: int = PydanticField(..., ge=0, description="tickets whose service ended with a dossier or a visit")
    no_show: int = PydanticField(..., ge=0, description="tickets whose visitor did not come when called")
    transferred: int = PydanticField(..., ge=0, description="tickets sent on to another area")
    waited_seconds: int = PydanticField(..., ge=0, description="sum over the called: arrival in the hall → first call")
    served_seconds: int = PydanticField(..., ge=0, description="sum over the served: first call → end of the service")
    no_show_rate: float | None = PydanticField(..., description="no_show / (served + no_show + transferred)")
    average_wait_minutes: float | None = PydanticField(..., description="waited_seconds / called, in minutes")
    average_service_minutes: float | None = PydanticField(..., description="served_seconds / served, in minutes")


class AreaNowOut(Schema):
    key: str = PydanticField(..., description="the area's code")
    label: str
    waiting: int = PydanticField(..., ge=0)
    at_counters: int = PydanticField(..., ge=0, description="being served at a counter now")
    longest_wait_minutes: int | None = PydanticField(..., description="since the arrival of the first still waiting")


class CentreOut(Schema):
    code: str
    name: str


class QueueFiguresOut(Schema):
    centre: CentreOut | None = PydanticField(..., description="the centre asked for; null: every centre you see")
    period_from: date = PydanticField(..., alias="from", description="first day counted (Vietnam time)")
    period_to: date = PydanticField(..., alias="to", description="last day counted (Vietnam time)")
    total: QueueLineOut
    by_area: list[QueueLineOut]
    by_counter: list[QueueLineOut]
    by_officer: list[QueueLineOut]
    by_hour: list[QueueLineOut] = PydanticField(..., description="hours of the day (Vietnam time) with figures")
    now: list[AreaNowOut] | None = PydanticField(
        ..., description="the hall right now; null unless the period takes in today"
    )
    generated_at: datetime


class QueueFiguresQuery(Schema):
    centre: str | None = PydanticField(None, max_length=40, description="a centre's code; none: every centre you see")
    period_from: str | None = PydanticField(None, alias="from", max_length=10, description="YYYY-MM-DD; default: `to`")
    period_to: str | None = PydanticField(None, alias="to", max_length=10, description="YYYY-MM-DD; default: today")


def _line(line: Line) -> dict:
    return {
        **{name: getattr(line, name) for name in queue_figures.COLUMNS},
        "key": line.key,
        "label": line.label,
        "no_show_rate": line.no_show_rate,
        "average_wait_minutes": line.average_wait_minutes,
        "average_service_minutes": line.average_service_minutes,
    }


def _period(params: QueueFiguresQuery) -> tuple[date, date]:
    end = _day(params.period_to, "to") or timezone.localdate()
    start = _day(params.period_from, "from") or end
    if start > end:
        raise ApiError(422, "period", _("The period ends before it starts: “from” must not be after “to”."))
    if end - start >= timedelta(days=MAX_DAYS):
        raise ApiError(422, "period", _("Choose a period of at most %(n)d days.") % {"n": MAX_DAYS})
    return start, end


def _centre(request, code: str | None):
    """(the centre asked for, the areas to count) for the caller, or the error."""
    user = request.auth
    allowed = None if user.is_superuser else supervised_agency_ids(user)
    if allowed is not None and not allowed:
        message = _("Queue figures are for supervisors (their province) and leaders (their units).")
        raise ApiError(403, "forbidden", message)
    if not code:
        return None, queue_figures.scope_areas(agency_ids=allowed)
    centre = Centre.objects.filter(code=code.strip()).first()
    if centre is None:
        raise ApiError(404, "not_found", _("No centre has the code %(code)s.") % {"code": code[:40]})
    areas = queue_figures.scope_areas(agency_ids=allowed, centre_id=centre.pk)
    if allowed is not None and centre.agency_id not in allowed and not areas.exists():
        message = _("You may not see the queue of %(name)s: none of its areas serves your agencies.") % {
            "name": centre.name
        }
        raise ApiError(403, "forbidden", message)
    return centre, areas


@router.get("/queue/figures", response={200: QueueFiguresOut, **errors(401, 403, 404, 422)}, by_alias=True)
def get_queue_figures(request, params: Query[QueueFiguresQuery]):
    """The queue's figures of a centre (or of every centre you see) over a period of Vietnam days, both included
    (at most 366): tickets issued, called, served, no-shows and transfers with the no-show rate, the average
    waiting time (arrival in the hall → first call) and service time (first call → end), in total and by area,
    counter, officer and hour; each event counts on the day and in the hour it happened. Read from the kept figures:
    a few small queries whatever the number of tickets."""
    start, end = _period(params)
    centre, areas = _centre(request, params.centre)
    now = timezone.now()
    live = start <= timezone.localdate(now) <= end
    found = queue_figures.figures(areas=areas, start=start, end=end, now=now if live else None)
    return {
        "centre": {"code": centre.code, "name": centre.name} if centre is not None else None,
        "from": start,
        "to": end,
        "total": _line(found.total),
        "by_area": [_line(x) for x in found.by_area],
        "by_counter": [_line(x) for x in found.by_counter],
        "by_officer": [_line(x) for x in found.by_officer],
        "by_hour": [_line(x) for x in found.by_hour],
        "now": [vars(a) for a in found.now] if live else None,
        "generated_at": now,
    }
