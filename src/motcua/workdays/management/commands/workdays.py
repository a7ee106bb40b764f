"""motcua workdays due | between | show | load-official — operator tools for the working calendar."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.core.models import Centre
from motcua.workdays.engine import UNITS, CalendarError
from motcua.workdays.selectors import calendar_for, year_days
from motcua.workdays.services import load_official_schedules
from motcua.workdays.sources import parse_official

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


class Command(BaseCommand):
    help = "The working calendar: compute a due time, count working minutes, show a year, load the official schedule."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        due = commands.add_parser("due", help="when a time limit ends; the ISO due time is the last word")
        due.add_argument("--start", required=True, help="e.g. 2026-02-13T16:00+07:00 (no offset: Asia/Ho_Chi_Minh)")
        due.add_argument("--amount", required=True)
        due.add_argument("--unit", required=True, choices=UNITS)
        due.add_argument("--pause", action="append", default=[], metavar="FROM/TO", help="a supplement period")
        due.add_argument("--policy", choices=["pause", "restart"], default="pause")
        due.add_argument("--centre", help="a centre's code, for its own office hours")
        between = commands.add_parser("between", help="working minutes from A to B")
        between.add_argument("a")
        between.add_argument("b")
        between.add_argument("--centre")
        show = commands.add_parser("show", help="a year's days off and extra working days, with their basis")
        show.add_argument("year", type=int)
        show.add_argument("--centre")
        load = commands.add_parser("load-official", help="record official schedules (vn-civil-service JSON)")
        load.add_argument("path", type=Path)

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc

    # --- actions ---------------------------------------------------------------------------------

    def _due(self, *, start, amount, unit, pause, policy, centre, **_options):
        calendar = calendar_for(self._centre(centre))
        begin = self._moment(start)
        pauses = [tuple(self._moment(part) for part in self._split_pause(text)) for text in pause]
        result = calendar.due(begin, self._amount(amount), unit, pauses=pauses, policy=policy)
        self.stdout.write(_("received: %(moment)s") % {"moment": self._describe(begin)})
        for a, b in pauses:
            self.stdout.write(
                _("paused (%(policy)s): %(from)s → %(to)s")
                % {"policy": policy, "from": self._describe(a), "to": self._describe(b)}
            )
        self.stdout.write(_("due: %(moment)s") % {"moment": self._describe(result)})
        self.stdout.write(result.isoformat())

    def _between(self, *, a, b, centre, **_options):
        minutes = calendar_for(self._centre(centre)).working_time_between(self._moment(a), self._moment(b))
        self.stdout.write(f"{int(minutes) if minutes == int(minutes) else round(minutes, 3)}")

    def _show(self, *, year, centre, **_options):
        calendar = calendar_for(self._centre(centre))
        days = year_days(calendar=calendar, year=year)
        official = calendar.exceptions.source_of(year) == "official"
        label = _("official schedule") if official else _("holidays package (no official schedule recorded)")
        self.stdout.write(f"{year}: {label}")
        off = [d for d in days if d.is_exception and not d.is_working]
        extra = [d for d in days if d.is_exception and d.is_working]
        self.stdout.write(_("Weekdays off (%(n)d):") % {"n": len(off)})
        for view in off:
            self.stdout.write(
                f"  {view.day.isoformat()} {WEEKDAY_NAMES[view.day.weekday()]:<9} {view.name}  [{view.basis}]"
            )
        self.stdout.write(_("Extra working days (%(n)d):") % {"n": len(extra)})
        for view in extra:
            self.stdout.write(
                f"  {view.day.isoformat()} {WEEKDAY_NAMES[view.day.weekday()]:<9} {view.name}  [{view.basis}]"
            )
        working = sum(1 for d in days if d.is_working)
        self.stdout.write(_("Working days in %(year)d: %(n)d") % {"year": year, "n": working})

    def _load_official(self, *, path: Path, **_options):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            schedules = parse_official(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(_("%(file)s cannot be read: %(error)s") % {"file": path, "error": exc}) from exc
        report = load_official_schedules(schedules=schedules, source=path.name)
        self.stdout.write(
            _("Recorded the official schedule of %(years)s: %(off)d weekdays off, %(work)d make-up working days.")
            % {"years": ", ".join(map(str, report.years)), "off": report.days_off, "work": report.working_days}
        )
        for day in report.unconfirmed:
            self.stdout.write(
                self.style.WARNING(
                    _("Not applied (unconfirmed): %(day)s — record it in the admin once it is announced.")
                    % {"day": day}
                )
            )

    # --- parsing ---------------------------------------------------------------------------------

    def _centre(self, code: str | None) -> Centre | None:
        if not code:
            return None
        centre = Centre.objects.filter(code=code).first()
        if centre is None:
            raise CommandError(_("No centre has the code %(code)s.") % {"code": code})
        return centre

    def _moment(self, text: str) -> datetime:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError as exc:
            raise CommandError(
                _("“%(text)s” is not a date and time like 2026-02-13T16:00+07:00.") % {"text": text}
            ) from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return moment

    def _amount(self, text: str) -> Decimal:
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation as exc:
            raise CommandError(_("“%(text)s” is not a number.") % {"text": text}) from exc

    def _split_pause(self, text: str) -> tuple[str, str]:
        parts = text.split("/")
        if len(parts) != 2:
            raise CommandError(_("A pause is FROM/TO, e.g. 2026-03-02T09:00/2026-03-05T10:00."))
        return parts[0], parts[1]

    def _describe(self, moment: datetime) -> str:
        local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
        return f"{local:%H:%M} {WEEKDAY_NAMES[local.weekday()]} {local:%d/%m/%Y}"
