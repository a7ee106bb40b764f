"""Arrivals: who comes when, with which procedure, by which channel."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter as Tally
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from django.utils import timezone

from motcua.catalog.models import Channel
from motcua.core import text
from motcua.demo.history.vocabulary import ONLINE_SHARE, POPULAR, POSTAL_DRAW
from motcua.demo.history.world import Desk, Offer, World
from motcua.workdays.selectors import calendar_for


@dataclass(frozen=True)
class Arrival:
    at: datetime
    desk: Desk
    offer: Offer
    channel: str


class Arrivals:
    """Reception times over the year, in time order: counter and postal dossiers in office hours of working
    days (mornings busier, Mondays too), online ones at any hour of any day (evenings busier)."""

    def __init__(self, world: World, rng: random.Random, end: datetime):
        self.world, self.rng, self.end = world, rng, end
        self.tz = timezone.get_current_timezone()
        self.calendar = calendar_for()
        for desk in world.desks:
            _weigh_offers(desk.offers, rng)
            desk.office_offers = [o for o in desk.offers if Channel.COUNTER in o.limits or Channel.POSTAL in o.limits]
            desk.office_cum = list(accumulate(o.weight for o in desk.office_offers))
            desk.online_offers = [o for o in desk.offers if Channel.ONLINE in o.limits]
            desk.online_cum = list(accumulate(o.weight for o in desk.online_offers))
        self.office = [d for d in world.desks if d.office_offers]
        self.office_cum = list(accumulate(d.weight for d in self.office))
        self.online = [d for d in world.desks if d.online_offers]
        self.online_cum = list(accumulate(d.weight for d in self.online))

    def days(self, count: int) -> Iterator[tuple[date, int, int]]:
        """(day, office arrivals, online arrivals) for the 365 days up to `end`, in order."""
        last = timezone.localtime(self.end, self.tz).date()
        days = [last - timedelta(days=n) for n in range(364, -1, -1)]
        office = [sum(e - s for s, e in self._periods(day)) * (1.15 if day.weekday() == 0 else 1.0) for day in days]
        online = [self._online_span(day) * (0.6 if day.weekday() >= 5 else 1.0) for day in days]
        office_share = 1.0 if not self.online else 1 - ONLINE_SHARE
        weights = []  # slot 2i: day i at the counter, 2i + 1: day i online; shares of the whole year
        for at_desk, on_line in zip(office, online, strict=True):
            weights += [at_desk / sum(office) * office_share, on_line / sum(online) * (1 - office_share)]
        picked = Tally(self.rng.choices(range(len(weights)), weights=weights, k=count))
        for i, day in enumerate(days):
            yield day, picked.get(2 * i, 0), picked.get(2 * i + 1, 0)

    def on(self, day: date, office: int, online: int) -> list[Arrival]:
        rng, draw = self.rng, _draw
        arrivals = []
        for _ in range(office):
            desk = draw(rng, self.office, self.office_cum)
            offer = draw(rng, desk.office_offers, desk.office_cum)
            channel = Channel.POSTAL if rng.random() < POSTAL_DRAW else Channel.COUNTER
            if channel not in offer.limits:  # these offers have the counter or the post, or both
                channel = Channel.COUNTER if channel == Channel.POSTAL else Channel.POSTAL
            arrivals.append(Arrival(self._office_time(day), desk, offer, channel))
        for _ in range(online):
            desk = draw(rng, self.online, self.online_cum)
            arrivals.append(
                Arrival(self._online_time(day), desk, draw(rng, desk.online_offers, desk.online_cum), Channel.ONLINE)
            )
        arrivals.sort(key=lambda a: a.at)
        return arrivals

    def _periods(self, day: date) -> list[tuple[int, int]]:
        """The day's office periods, cut at `end` on its last day. One calendar for the province's desks: the
        demo's centres share the province's office hours."""
        periods = list(self.calendar.day(day))
        local_end = timezone.localtime(self.end, self.tz)
        if day == local_end.date():
            now = local_end.hour * 3600 + local_end.minute * 60 + local_end.second
            periods = [(s, min(e, now)) for s, e in periods if s < now]
        return periods

    def _online_span(self, day: date) -> int:
        local_end = timezone.localtime(self.end, self.tz)
        if day == local_end.date():
            return local_end.hour * 3600 + local_end.minute * 60 + local_end.second
        return 86400

    def _office_time(self, day: date) -> datetime:
        periods = self._periods(day)
        weights = [(e - s) * (1.3 if s < 12 * 3600 else 1.0) for s, e in periods]
        start, stop = self.rng.choices(periods, weights=weights)[0]
        return self._at(day, self.rng.uniform(start, stop))

    def _online_time(self, day: date) -> datetime:
        span = self._online_span(day)
        while True:  # evenings busier than nights: a simple rejection against an hourly profile
            second = self.rng.uniform(0, span)
            if self.rng.random() < ONLINE_HOURLY[int(second // 3600)]:
                return self._at(day, second)

    def _at(self, day: date, second: float) -> datetime:
        whole = int(second)
        moment = datetime.combine(day, time(whole // 3600, whole % 3600 // 60, whole % 60, int((second % 1) * 1e6)))
        return moment.replace(tzinfo=self.tz)


ONLINE_HOURLY = (
    0.05,
    0.03,
    0.02,
    0.02,
    0.03,
    0.1,
    0.3,
    0.6,
    0.9,
    1.0,
    1.0,
    0.9,
    0.6,
    0.7,
    0.9,
    1.0,
    0.9,
    0.8,
    0.7,
    0.8,
    0.9,
    0.8,
    0.5,
    0.2,
)


def _draw(rng: random.Random, items: list, cumulative: list[float]):
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]


def _weigh_offers(offers: list[Offer], rng: random.Random) -> None:
    """A few procedures make most dossiers: Zipf-like weights over a seeded order, popular names first."""
    order = list(range(len(offers)))
    rng.shuffle(order)
    for rank, i in enumerate(order):
        folded = text.fold(offers[i].name)
        boost = max((b for words, b in POPULAR.items() if words in folded), default=1)
        offers[i].weight = boost / (rank + 1) ** 0.8
