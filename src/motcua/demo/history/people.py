"""Applicants: people and organisations, some of whom come back."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate

from motcua.core import text
from motcua.demo import province as p
from motcua.demo.history.vocabulary import (
    BIRTH_PROVINCES,
    BRANDS,
    COMPANY_FORMS,
    FAMILY_NAMES,
    FAMILY_WEIGHTS,
    GIVEN_NAMES,
    HAMLETS,
    MIDDLE_NAMES,
    PHONE_PREFIXES,
    STREETS,
    TRADES,
)
from motcua.demo.history.world import Offer


@dataclass(slots=True)
class Person:
    kind: str
    id_number: str
    name: str
    phone: str
    email: str
    address: str
    pk: int | None = None
    updated_at: datetime | None = None  # when they first applied (the row's auto_now at creation)
    offers: dict[int, Offer] = field(default_factory=dict)  # agency id -> the procedure they last applied for there


class People:
    """Applicants: Vietnamese people (12-digit CCCD numbers) and organisations (10-digit tax codes); some come
    back with another dossier."""

    RETURNING = 0.25
    SAME_DESK = 0.8  # of those who come back: to the agency they went to before (their commune, their trade)
    RECENT = 20_000  # who may come back: the latest applicants (a million of them would not fit in memory)
    RECENT_AT_DESK = 2_000

    def __init__(self, rng: random.Random, communes: list[str]):
        self.rng, self.communes = rng, communes or [p.PROVINCE_NAME]
        self.recent: list[Person] = []
        self.recent_at: dict[int, list[Person]] = {}  # agency id -> its latest new applicants
        self.numbers: set[str] = set()  # every number given in this run: a new person never repeats one
        self.family_cum = list(accumulate(FAMILY_WEIGHTS))

    def pick(self, organisation_share: float, commune: str | None, desk: int | None = None) -> Person:
        """Someone who applied before (most often to the same agency `desk`), or a new applicant."""
        rng = self.rng
        if self.recent and rng.random() < self.RETURNING:
            local = self.recent_at.get(desk) if desk is not None else None
            pool = local if local and rng.random() < self.SAME_DESK else self.recent
            return pool[-1 - int(rng.random() ** 2 * len(pool))]  # the most recent come back more
        while True:
            person = self._organisation(commune) if rng.random() < organisation_share else self._person(commune)
            if person.id_number not in self.numbers:
                break
        self.numbers.add(person.id_number)
        self.recent.append(person)
        if len(self.recent) > 2 * self.RECENT:
            del self.recent[: self.RECENT]
        if desk is not None:
            local = self.recent_at.setdefault(desk, [])
            local.append(person)
            if len(local) > 2 * self.RECENT_AT_DESK:
                del local[: self.RECENT_AT_DESK]
        return person

    def _person(self, commune: str | None) -> Person:
        rng = self.rng
        sex = "female" if rng.random() < 0.52 else "male"
        family = rng.choices(FAMILY_NAMES, cum_weights=self.family_cum)[0]
        name = f"{family} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"
        born = rng.randint(1945, 2007)
        century = (0 if born < 2000 else 2) + (1 if sex == "female" else 0)
        number = f"{rng.choice(BIRTH_PROVINCES)}{century}{born % 100:02d}{rng.randrange(10**6):06d}"
        email = ""
        if rng.random() < 0.35:
            email = f"{text.fold(name).replace(' ', '')}{rng.randrange(100)}@gmail.com"
        return Person("person", number, name, self._phone(), email, self._address(commune))

    def _organisation(self, commune: str | None) -> Person:
        rng = self.rng
        form = rng.choice(COMPANY_FORMS)
        name = f"{form} {rng.choice(TRADES)} {rng.choice(BRANDS)}"
        if form == "Doanh nghiệp tư nhân":
            name = f"{form} {rng.choice(BRANDS)}"
        number = f"{rng.choice(('44', '45', '46', '01', '03'))}{rng.randrange(10**8):08d}"
        slug = text.fold(name.split(" ", 2)[-1]).replace(" ", "")[:20]
        return Person("organisation", number, name, self._phone(), f"lienhe@{slug}.vn", self._address(commune))

    def _phone(self) -> str:
        return f"{self.rng.choice(PHONE_PREFIXES)}{self.rng.randrange(10**7):07d}"

    def _address(self, commune: str | None) -> str:
        rng = self.rng
        place = commune if commune and rng.random() < 0.8 else rng.choice(self.communes)
        if place.startswith("Phường") or rng.random() < 0.3:
            return f"Số {rng.randint(1, 350)} đường {rng.choice(STREETS)}, {place}, {p.PROVINCE_NAME}"
        return f"{rng.choice(HAMLETS)}, {place}, {p.PROVINCE_NAME}"
