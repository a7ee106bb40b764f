"""A year of dossier history for the demo province, written in bulk but exactly as the services would have.

Every generated dossier is *replayed*: its life is a script of the actions a counter officer, a specialist and
a leader would have taken (receive or submit and accept, assign, request and complete a supplement, forward,
send back, extend with an apology, approve, return; or refuse, stop, withdraw), and each action changes the
dossier, its steps and its history the way `dossiers.services` does (same calendar arithmetic, same event
fields, same hash chain). The script is cut at `end`: old dossiers are finished, recent ones are still open
wherever their script had got to. Nothing is queried per dossier: batches of dossiers are computed in Python,
with ids reserved up front (so that events can be hashed and steps linked before anything is written), then
inserted with one `executemany` (COPY on PostgreSQL) per table; see `Table` for why not `bulk_create`.

Re-running: codes continue the agencies' daily sequences (`DailySequence` is read first and written back), so
two runs never collide; `build_demo` only tops the province up to the number of dossiers asked for, so running
the demo again adds nothing. Run it while nobody receives dossiers in the province: a reception made during a
run would take a number the run has already read as free. The random stream depends on the seed and on how many
dossiers the province already has: the same database and seed give the same dossiers. Look-up secrets come from
that stream too, which is fine for demo data and nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Channel
from motcua.demo.history.arrivals import Arrival, Arrivals
from motcua.demo.history.people import People, Person
from motcua.demo.history.scans import Scans
from motcua.demo.history.script import draw_fate, script
from motcua.demo.history.story import Story
from motcua.demo.history.tables import Sequences, Table, analyze, reserve_ids, write_stories
from motcua.demo.history.vocabulary import BATCH, FEE_AT_RETURN, ORGANISATION_SHARE, SAME_PROCEDURE
from motcua.demo.history.world import World, load_world
from motcua.dossiers.models import (
    Applicant,
    DailySequence,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierFee,
    DossierStep,
    StoredFile,
)
from motcua.dossiers.services.codes import SECRET_ALPHABET


def generate_history(
    *,
    count: int,
    seed: int = 2026,
    end: datetime | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    history_every: int = 1,
    scans: bool = True,
) -> int:
    """Create `count` dossiers received over the 12 months before `end` (default now) in the demo province.

    `history_every` > 1 keeps documents, fees and events for every Nth dossier only (the others keep their
    dossier row, applicant and steps, and a version that counts the actions they went through): the
    benchmarks build a million dossiers that way; `scans=False` writes no scans nor result files (a million
    dossiers would leave millions of files). Returns the number of dossiers created.
    """
    if count <= 0:
        return 0
    world = load_world()
    if not world.desks:
        progress("no agency of the demo province has procedures and staff: no dossier history generated")
        return 0
    run = Run(world, seed=seed, end=end or timezone.now(), history_every=history_every, scans=scans)
    pending: list[Arrival] = []
    for day, office, online in run.arrivals.days(count):
        pending += run.arrivals.on(day, office, online)
        while len(pending) >= BATCH:
            run.batch(pending[:BATCH])
            pending = pending[BATCH:]
            progress(f"dossier history: {run.made:,}/{count:,}")
    if pending:
        run.batch(pending)
        progress(f"dossier history: {run.made:,}/{count:,}")
    analyze([*run.tables, DailySequence])
    return run.made


class Run:
    """One generation: the random stream, the sequences and people so far, the tables written to."""

    def __init__(self, world: World, *, seed: int, end: datetime, history_every: int, scans: bool = True):
        existing = Dossier.objects.filter(province=world.province).count()
        self.world, self.end, self.history_every, self.made = world, end, max(1, history_every), 0
        self.with_scans = scans
        self.rng = random.Random(f"{seed}:{existing}")  # a top-up run draws other dossiers than the first
        self.arrivals = Arrivals(world, self.rng, end)
        first_day = timezone.localtime(end).date() - timedelta(days=364)
        self.sequences = Sequences([d.agency_id for d in world.desks], first_day)
        self.people = People(self.rng, world.commune_names)
        self.scans = Scans(self.rng)
        models = (Applicant, StoredFile, Dossier, DossierStep, DossierDocument, DossierDocument.files.through)
        self.tables = {m: Table(m) for m in (*models, DossierFee, DossierEvent)}

    def batch(self, arrivals: list[Arrival]) -> None:
        """Live and write one batch in one transaction (its codes and sequences with it)."""
        applicants = [
            self.people.pick(
                ORGANISATION_SHARE.get(a.desk.key, 0.03),
                a.desk.short_name if a.desk.is_commune else None,
                a.desk.agency_id,
            )
            for a in arrivals
        ]
        for n, (arrival, person) in enumerate(zip(arrivals, applicants, strict=True)):
            person.updated_at = person.updated_at or arrival.at
            arrivals[n] = self._again(arrival, person)
        new_people = list({id(x): x for x in applicants if x.pk is None}.values())
        try:
            with transaction.atomic():
                _reuse_existing(new_people)  # before the stories: the dossiers' snapshots are taken from them
                ids = reserve_ids(Dossier, len(arrivals))
                self.scans.start_batch()
                stories = [
                    self.live(arrival, person, dossier_id, record=(self.made + n) % self.history_every == 0)
                    for n, (arrival, person, dossier_id) in enumerate(zip(arrivals, applicants, ids, strict=True))
                ]
                self.scans.write_files()
                write_stories(stories, [x for x in new_people if x.pk is None], self.tables, self.scans.new)
                self.sequences.flush()
        except BaseException:
            self.scans.discard()
            raise
        self.made += len(arrivals)

    def _again(self, arrival: Arrival, person: Person) -> Arrival:
        """Who comes back to an agency often comes for the same procedure (the next certification, tax return,
        land registration), with the papers they gave the last time."""
        agency_id = arrival.desk.agency_id
        before = person.offers.get(agency_id)
        if before is not None and arrival.channel in before.limits and self.rng.random() < SAME_PROCEDURE:
            arrival = replace(arrival, offer=before)
        person.offers[agency_id] = arrival.offer
        return arrival

    def live(self, arrival: Arrival, person: Person, dossier_id: int, *, record: bool) -> Story:
        """The dossier as it stands at `end`: received with the next code of its agency's day, then its script
        played up to `end`."""
        rng, desk, offer, channel = self.rng, arrival.desk, arrival.offer, arrival.channel
        day = arrival.at.date()
        code = f"{desk.code}-{day:%y%m%d}-{self.sequences.next(desk.agency_id, day, desk.province_id):04d}"
        secret = "".join(rng.choices(SECRET_ALPHABET, k=8))
        story = Story(
            world=self.world,
            desk=desk,
            offer=offer,
            channel=channel,
            person=person,
            code=code,
            secret=secret,
            dossier_id=dossier_id,
            submitted_at=arrival.at,
            record=record,
        )
        fee = offer.fees.get(channel)
        if fee is not None:
            story.fees.append(_fee(rng, fee, channel, dossier_id))
        if channel == Channel.ONLINE:
            story.submit(arrival.at, desk.officer)
        else:
            story.receive(arrival.at, desk.officer)
        if record and self.with_scans:
            story.files = self.scans
            self.scans.digitise(story, arrival.at)
        for at, action in script(story, draw_fate(rng, channel == Channel.ONLINE), rng, self.world):
            if at > self.end:
                break
            action(at)
        return story


def _fee(rng: random.Random, fee: tuple[str, int], channel: str, dossier_id: int) -> dict:
    """The procedure's fee as a DossierFee: paid at reception (cash or transfer) or due at the return."""
    method = ""
    if rng.random() >= FEE_AT_RETURN:
        method = "transfer" if channel == Channel.ONLINE else rng.choice(("cash", "cash", "transfer"))
    return {
        "label": fee[0],
        "amount": fee[1],
        "currency": "VND",
        "paid_at": None,
        "method": method,
        "receipt_number": f"BL{dossier_id % 10**7:07d}" if method else "",
        "due_at_stage": "reception" if method else "return",
    }


def _reuse_existing(new_people: list[Person]) -> None:
    """Applicants already in the database (an earlier run, a real reception) are the same people."""
    numbers = {x.id_number: x for x in new_people}
    for pk, number, name, kind, phone, email, address in Applicant.objects.filter(id_number__in=numbers).values_list(
        "pk", "id_number", "name", "kind", "phone", "email", "address"
    ):
        person = numbers[number]
        person.pk, person.name, person.kind, person.phone, person.email, person.address = (
            pk,
            name,
            kind,
            phone,
            email,
            address,
        )
