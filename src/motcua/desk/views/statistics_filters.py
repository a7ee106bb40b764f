"""The filters of the statistics pages (/desk/thong-ke/), read from the query string into a stats Scope: a period
(year, quarter, month, or from/to months), an agency among those the user supervises, an agency level, a field
and a procedure. Every value is size-limited; a value that cannot be used is dropped with a message saying so,
and the page shows the rest: nothing typed ever makes it fail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as attr
from datetime import date

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from motcua.catalog.models import Field, Procedure
from motcua.core.models import Agency, AgencyLevel
from motcua.core.params import parse_id
from motcua.core.selectors import subtree_ids
from motcua.stats.selectors.figures import Scope
from motcua.stats.selectors.index import BadPeriod, Period, parse_period
from motcua.stats.selectors.scope import month_end

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_MONTHS = 36  # a from/to period of at most three years: the month charts stay legible
LIMITS = {"ky": 10, "tu": 7, "den": 7, "co_quan": 20, "cap": 16, "linh_vuc": 18, "thu_tuc": 32, "rieng": 1}

# What each figure with a list of dossiers is called (stats.selectors.behind.FIGURES).
FIGURE_LABELS = {
    "received": gettext_lazy("Received"),
    "received_counter": gettext_lazy("Received at the counter"),
    "received_online": gettext_lazy("Received online"),
    "received_postal": gettext_lazy("Received by post"),
    "received_full_online": gettext_lazy("Received online, full online service"),
    "carried_over": gettext_lazy("Carried over from before the period"),
    "resolved": gettext_lazy("Resolved"),
    "resolved_early": gettext_lazy("Resolved early"),
    "resolved_on_time": gettext_lazy("Resolved on time"),
    "resolved_late": gettext_lazy("Resolved late"),
    "resolved_late_apologised": gettext_lazy("Resolved late, with an apology"),
    "on_the_spot": gettext_lazy("Resolved on the spot"),
    "electronic_result": gettext_lazy("Resolved with an electronic result"),
    "refused": pgettext_lazy("dossiers", "Refused"),
    "stopped": pgettext_lazy("dossiers", "Stopped"),
    "withdrawn": pgettext_lazy("dossiers", "Withdrawn"),
    "returned": gettext_lazy("Results returned"),
    "supplement_requested": gettext_lazy("Asked for a supplement"),
    "extended": gettext_lazy("Extended with an apology"),
    "in_progress": gettext_lazy("In progress at the end of the period"),
    "in_progress_late": gettext_lazy("In progress and late at the end of the period"),
    "in_progress_on_time": gettext_lazy("In progress within time at the end of the period"),
}


@dataclass
class Filters:
    """What the user chose, as it will be used: the scope, what to show of it, and the problems met."""

    scope: Scope
    period: Period | None  # None: from/to months
    start_month: date
    end_month: date
    agency: Agency | None = None
    level: str = ""
    field: Field | None = None
    procedure: Procedure | None = None
    agencies: list[Agency] = attr(default_factory=list)
    fields: list[Field] = attr(default_factory=list)
    problems: list[str] = attr(default_factory=list)
    values: dict[str, str] = attr(default_factory=dict)  # the query string of the filters as used

    @property
    def query(self) -> str:
        return urlencode({k: v for k, v in self.values.items() if v})

    def query_with(self, **changes: str) -> str:
        return urlencode({k: v for k, v in {**self.values, **changes}.items() if v})

    @property
    def period_label(self) -> str:
        start, end = self.start_month, self.end_month
        if self.period is not None and self.period.kind == "year":
            label = _("Year %(year)d") % {"year": start.year}
        elif self.period is not None and self.period.kind == "quarter":
            label = _("Quarter %(quarter)d/%(year)d") % {"quarter": (start.month + 2) // 3, "year": start.year}
        elif start == end:
            label = _("Month %(month)d/%(year)d") % {"month": start.month, "year": start.year}
        else:
            label = _("%(start)s to %(end)s") % {"start": f"{start:%m/%Y}", "end": f"{end:%m/%Y}"}
        if self.scope.end < month_end(end):
            label += " " + _("(to %(day)s)") % {"day": f"{self.scope.end:%d/%m/%Y}"}
        return label


def _raw(params, name: str) -> tuple[str, bool]:
    """The parameter, stripped; and whether it was too long (then it is not used at all)."""
    value = str(params.get(name, "") or "").strip()
    return ("", True) if len(value) > LIMITS[name] else (value, False)


def read_filters(params, *, supervised: set[int], agencies: list[Agency]) -> Filters:
    """The filters of `params` (request.GET) for a user who supervises `supervised` (not empty)."""
    problems: list[str] = []
    values: dict[str, str] = {}
    today = timezone.localdate()

    def raw(name: str) -> str:
        value, too_long = _raw(params, name)
        if too_long:
            problems.append(_("A filter was too long and is not used."))
        return value

    period, start, end = _period(raw("ky"), raw("tu"), raw("den"), today, problems, values)

    agency_ids: set[int] = set(supervised)
    chosen_agency = None
    code = raw("co_quan")
    if code:
        chosen_agency = next((a for a in agencies if a.code == code), None)
        if chosen_agency is None:
            problems.append(
                _("The agency %(code)s is not one you supervise: all your agencies are shown.") % {"code": code}
            )
        else:
            values["co_quan"] = code
            if raw("rieng") == "1":  # this agency alone, without the agencies under it (the ranking's links)
                agency_ids = {chosen_agency.pk}
                values["rieng"] = "1"
            else:
                agency_ids = subtree_ids({chosen_agency.pk}) & supervised

    level = raw("cap")
    if level and level not in AgencyLevel.values:
        problems.append(_("Unknown agency level: every level is shown."))
        level = ""
    values["cap"] = level

    chosen_field = None
    field_text = raw("linh_vuc")
    if field_text:
        field_id = parse_id(field_text)
        chosen_field = Field.objects.filter(pk=field_id).first() if field_id else None
        if chosen_field is None:
            problems.append(_("Unknown field: every field is shown."))
        else:
            values["linh_vuc"] = str(chosen_field.pk)

    procedure = None
    procedure_code = raw("thu_tuc")
    if procedure_code:
        procedure = Procedure.objects.filter(code=procedure_code).first()
        if procedure is None:
            problems.append(
                _("No procedure has the code %(code)s: every procedure is shown.") % {"code": procedure_code}
            )
        else:
            values["thu_tuc"] = procedure.code

    # Stocks at the end of a period still running are read as of today: an appointment not yet passed is not late.
    scope_end = min(end, today) if start <= today else end
    scope = Scope(
        start=start,
        end=scope_end,
        agency_ids=frozenset(agency_ids),
        level=level,
        field_id=chosen_field.pk if chosen_field else None,
        procedure_id=procedure.pk if procedure else None,
    )
    return Filters(
        scope=scope,
        period=period,
        start_month=start.replace(day=1),
        end_month=end.replace(day=1),
        agency=chosen_agency,
        level=level,
        field=chosen_field,
        procedure=procedure,
        agencies=agencies,
        problems=problems,
        values=values,
    )


def _period(
    ky: str, tu: str, den: str, today: date, problems: list[str], values: dict[str, str]
) -> tuple[Period | None, date, date]:
    """The period chosen: from/to months when both are given and sound, else the period (default: this year)."""
    if tu or den:
        first, last = MONTH.match(tu), MONTH.match(den)
        if not (first and last):
            problems.append(_("Give both months as YYYY-MM (e.g. 2026-01 to 2026-06); the period is used instead."))
        else:
            start = date(int(first[1]), int(first[2]), 1)
            end_month = date(int(last[1]), int(last[2]), 1)
            months = (end_month.year - start.year) * 12 + end_month.month - start.month + 1
            if months < 1:
                problems.append(_("The first month comes after the last one; the period is used instead."))
            elif months > MAX_MONTHS:
                problems.append(_("At most %(n)d months at a time; the period is used instead.") % {"n": MAX_MONTHS})
            elif start > today:
                problems.append(_("That period has not started yet; the period is used instead."))
            else:
                values.update(tu=tu, den=den)
                return None, start, month_end(end_month)
    fallback = parse_period(str(today.year))
    if not ky:
        values["ky"] = fallback.text
        return fallback, fallback.start, fallback.end
    try:
        period = parse_period(ky)
    except BadPeriod:
        problems.append(_("Unknown period %(text)s: this year is shown.") % {"text": ky})
        period = fallback
    if period.start > today:
        problems.append(_("That period has not started yet: this year is shown."))
        period = fallback
    values["ky"] = period.text
    return period, period.start, period.end
