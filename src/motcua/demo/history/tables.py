"""Writing: ids reserved up front, daily sequences continued, rows inserted in bulk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, timedelta
from operator import itemgetter

from django.db import connection, models

from motcua.demo.history.people import Person
from motcua.demo.history.scans import Scan
from motcua.demo.history.story import Story
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


def analyze(models) -> None:
    """After a bulk load, PostgreSQL's planner statistics of these tables (autovacuum would take a while): with
    the empty tables' figures it plans later reads, such as the statistics' recount, as nested scans."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def reserve_ids(model, n: int) -> list[int]:
    """`n` primary keys nobody else will take: from the sequence on PostgreSQL; on SQLite the write lock the
    transaction holds (IMMEDIATE) makes max(id) safe."""
    if n == 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, n],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + n))


class Sequences:
    """The agencies' daily code numbers: read once, continued in memory, written back with each batch."""

    def __init__(self, agency_ids: list[int], first_day: date):
        self.last: dict[tuple[int, date], int] = {
            (a, d): n
            for a, d, n in DailySequence.objects.filter(agency_id__in=agency_ids, day__gte=first_day).values_list(
                "agency_id", "day", "last"
            )
        }
        self.touched: set[tuple[int, date]] = set()
        self.provinces: dict[int, int] = {}

    def next(self, agency_id: int, day: date, province_id: int) -> int:
        key = (agency_id, day)
        self.provinces[agency_id] = province_id
        self.last[key] = number = self.last.get(key, 0) + 1
        self.touched.add(key)
        return number

    def flush(self) -> None:
        rows = [
            DailySequence(agency_id=a, day=d, province_id=self.provinces[a], last=self.last[(a, d)])
            for a, d in sorted(self.touched)
        ]
        DailySequence.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["agency", "day", "province"],
            update_fields=["last"],
            batch_size=500,
        )
        self.touched.clear()


class Table:
    """INSERTs many rows of one model with `executemany`, each value adapted the way the model's field adapts
    it for this database. Rows are dicts by attribute name (a missing one takes the field's default).

    Why not `bulk_create`: building model instances and compiling the INSERT per chunk of 999 parameters
    (SQLite) took ~80% of the generator's time (about 700 dossiers/s in all); this does the same writes several
    times faster (COPY on PostgreSQL). Only for rows whose every value the caller computed: no signals, no
    auto_now."""

    def __init__(self, model) -> None:
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.values = itemgetter(*self.defaults)
        self.adapters = [(i, _adapter(f)) for i, f in enumerate(fields) if _adapter(f) is not None]
        columns = f"{quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        self.sql = f"INSERT INTO {columns} VALUES ({', '.join(['%s'] * len(fields))})"
        self.copy = f"COPY {columns} FROM STDIN"

    def insert(self, rows: list[dict]) -> None:
        if not rows:
            return
        defaults, values, adapters = self.defaults, self.values, self.adapters
        params = []
        for row in rows:
            try:
                row_values = list(values(row))
            except KeyError:  # some fields left to their defaults
                row_values = list(values(defaults | row))
            for i, adapt in adapters:
                row_values[i] = adapt(row_values[i])
            params.append(row_values)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: the 20k build went from 1,300 to 2,100 dossiers/s
                with cursor.cursor.copy(self.copy) as copy:
                    for row in params:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, params)


def _adapter(model_field) -> Callable | None:
    """The conversion Django's field would make before the driver sees the value (None: as it is)."""
    ops = connection.ops  # bound once: every access to `connection` goes through a thread-local look-up
    if isinstance(model_field, models.JSONField):
        encoder = model_field.encoder
        return lambda value: ops.adapt_json_value(value, encoder)
    if isinstance(model_field, models.DateTimeField) and connection.vendor == "sqlite":
        zone = connection.timezone  # SQLite stores naive text in the connection's zone (UTC), as Django does
        if zone.utcoffset(None) == timedelta(0):  # str() of the naive UTC time = ISO text minus "+00:00"
            return lambda value: None if value is None else value.astimezone(UTC).isoformat(" ")[:-6]
        return lambda value: None if value is None else str(value.astimezone(zone).replace(tzinfo=None))
    return None


def write_stories(stories: list[Story], people: list[Person], tables: dict, scans: list[Scan]) -> None:
    """Insert a batch: applicants, stored files, dossiers, steps, documents and their files, fees, events (ids
    reserved, links set first)."""
    for person, pk in zip(people, reserve_ids(Applicant, len(people)), strict=True):
        person.pk = pk
    tables[Applicant].insert(
        [
            {
                "id": x.pk,
                "kind": x.kind,
                "id_number": x.id_number,
                "name": x.name,
                "phone": x.phone,
                "email": x.email,
                "address": x.address,
                "checked_at": x.updated_at,
                "updated_at": x.updated_at,
            }
            for x in people
        ]
    )
    tables[StoredFile].insert([scan.row() for scan in scans])
    steps = [(story, s) for story in stories for s in story.steps]
    for (_story, step), pk in zip(steps, reserve_ids(DossierStep, len(steps)), strict=True):
        step.pk = pk
    for story in stories:
        story.d["applicant_id"] = story.person.pk
        current = story.current
        story.d["current_step_id"] = current.pk if current is not None else None
        # Where it waits, as clock.point_at keeps it (set here only, once the story's last step is known).
        story.d["step_agency_id"] = current.spec.agency_id if current is not None else None
        story.d["step_role"] = current.spec.role if current is not None else ""
        story.d["step_assignee_id"] = current.assignee_id if current is not None else None
    tables[Dossier].insert([story.d for story in stories])
    tables[DossierStep].insert(
        [
            {
                "id": s.pk,
                "dossier_id": story.d["id"],
                "province_id": story.d["province_id"],
                "position": s.position,
                "name": s.spec.name,
                "public_name": s.spec.public_name,
                "role": s.spec.role,
                "agency_id": s.spec.agency_id,
                "budget_amount": s.budget_amount,
                "budget_unit": s.budget_unit,
                "started_at": s.started_at,
                "due_at": s.due_at,
                "finished_at": s.finished_at,
                "assignee_id": s.assignee_id,
                "timeliness": s.timeliness,
            }
            for story, s in steps
        ]
    )
    recorded = [story for story in stories if story.record]
    documents = [(story, i, doc) for story in recorded for i, doc in enumerate(story.documents, start=1)]
    document_ids = reserve_ids(DossierDocument, len(documents))
    tables[DossierDocument].insert(
        [
            {
                "id": pk,
                "dossier_id": story.d["id"],
                "province_id": story.d["province_id"],
                "position": i,
                "name": name,
                "originals": originals,
                "copies": copies,
            }
            for (story, i, (name, originals, copies)), pk in zip(documents, document_ids, strict=True)
        ]
    )
    links = [
        (pk, scan.pk)
        for (story, i, _doc), pk in zip(documents, document_ids, strict=True)
        for scan in story.scans[i - 1]
    ]
    tables[DossierDocument.files.through].insert(
        [
            {"id": pk, "dossierdocument_id": document_id, "storedfile_id": file_id}
            for (document_id, file_id), pk in zip(
                links, reserve_ids(DossierDocument.files.through, len(links)), strict=True
            )
        ]
    )
    fees = [(story, fee) for story in recorded for fee in story.fees]
    ids = reserve_ids(DossierFee, len(fees))
    tables[DossierFee].insert(
        [
            fee | {"id": pk, "dossier_id": story.d["id"], "province_id": story.d["province_id"]}
            for (story, fee), pk in zip(fees, ids, strict=True)
        ]
    )
    events = [e for story in recorded for e in story.events]
    ids = reserve_ids(DossierEvent, len(events))
    tables[DossierEvent].insert([vars(e) | {"id": pk} for e, pk in zip(events, ids, strict=True)])
