"""Catalog benchmarks: importing every shared procedure, and searching the imported catalog.

Ceilings: the import is compared with raw SQL inserting the same rows (executemany, one transaction); search
with the same SQL query run raw (rank, filters, order, limit, channels of the page); the HTTP pages with a
bare endpoint (/healthz) through the same client.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test import Client

from motcua.catalog.importers import reader
from motcua.catalog.selectors import SearchFilters, search_procedures
from motcua.catalog.services import import_catalog
from motcua.core.text import fold

SOURCES = [("national-portal-pages.jsonl.gz", "national-portal"), ("ministry-doc-exports.jsonl.gz", "ministry-export")]
QUERIES = [
    "giấy phép xây dựng",
    "đăng ký khai sinh",
    "lý lịch tư pháp",
    "đất đai",
    "hộ tịch",
    "thuế giá trị gia tăng",
    "hải quan",
    "chứng khoán",
    "khiếu nại",
    "tàu biển",
]
QUERIES = QUERIES + [fold(q) for q in QUERIES]  # 10 with diacritics, the same 10 typed without
ROUNDS = 10
TABLES = [
    "catalog_field",
    "catalog_procedure",
    "catalog_procedureversion",
    "catalog_procedurechannel",
    "catalog_channelfee",
    "catalog_requireddocument",
    "catalog_legalbasis",
]


def run() -> None:
    folder = settings.SHARED_DATA_DIR / "catalog"
    sources = [(folder / name, fmt) for name, fmt in SOURCES if (folder / name).exists()]
    if not sources:
        print(f"skipped: {folder} is absent (the benchmark needs the real catalog)")
        return
    _import(sources)
    _search()


def _import(sources: list[tuple[Path, str]]) -> None:
    started = time.perf_counter()
    parsed = sum(1 for path, fmt in sources for _ in reader(fmt)(path))
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    reports = [import_catalog(parsed=reader(fmt)(path)) for path, fmt in sources]
    import_seconds = time.perf_counter() - started
    created = sum(len(r.created) for r in reports)
    rows = {table: _count(table) for table in TABLES}
    raw_seconds = _raw_reinsert()
    print(f"import: {created} procedures from {parsed} records ({sum(rows.values())} rows in {len(TABLES)} tables)")
    print(f"  full import (parse + write): {import_seconds:6.2f} s   target < 15 s")
    print(f"  parsing alone:               {parse_seconds:6.2f} s")
    print(
        f"  ceiling, raw SQL insert of the same rows: {raw_seconds:6.2f} s   "
        f"ratio {import_seconds / raw_seconds:5.1f}x "
        f"(writes only: {(import_seconds - parse_seconds) / raw_seconds:4.1f}x)"
    )
    again = time.perf_counter()
    unchanged = sum(len(import_catalog(parsed=reader(fmt)(path)).unchanged) for path, fmt in sources)
    print(f"  second import of the same files: {time.perf_counter() - again:5.2f} s, {unchanged} unchanged")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def _raw_reinsert() -> float:
    """Read every catalog row, delete them, and time inserting them back with executemany."""
    data = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")
            data[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    with transaction.atomic(), connection.cursor() as cursor:
        for table in reversed(TABLES):
            cursor.execute(f"DELETE FROM {table}")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in TABLES:
            columns, rows = data[table]
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    return time.perf_counter() - started


def _search() -> None:
    published = _published_count()
    timings = {"selector": [], "raw SQL": [], "catalog page": [], "API": [], "bare endpoint": []}
    client = Client()
    hits = []
    for _round in range(ROUNDS):
        for query in QUERIES:
            timings["selector"].append(_timed(lambda q=query: search_procedures(SearchFilters(query=q), limit=30)))
            timings["raw SQL"].append(_timed(lambda q=query: _raw_search(q)))
            timings["catalog page"].append(_timed(lambda q=query: client.get("/thu-tuc/", {"q": q})))
            timings["API"].append(_timed(lambda q=query: client.get("/api/v1/procedures", {"q": q})))
            timings["bare endpoint"].append(_timed(lambda: client.get("/healthz")))
        if not hits:
            hits = [len(search_procedures(SearchFilters(query=q), limit=30).items) for q in QUERIES]
    print(
        f"search: {len(QUERIES)} queries (10 with diacritics, 10 without) x {ROUNDS} rounds "
        f"over {published} published procedures"
    )
    print(f"  results per query (first page of 30): {hits}")
    print("                    p50 ms   p95 ms")
    for name, values in timings.items():
        print(f"  {name:<16} {_pct(values, 50):8.2f} {_pct(values, 95):8.2f}")
    print(
        f"  selector p95 target < 30 ms; ratio to raw SQL: p50 {_ratio(timings, 'selector', 'raw SQL', 50)}, "
        f"p95 {_ratio(timings, 'selector', 'raw SQL', 95)}"
    )
    print(
        f"  API p95 ratio to the bare endpoint: {_ratio(timings, 'API', 'bare endpoint', 95)}; "
        f"catalog page: {_ratio(timings, 'catalog page', 'bare endpoint', 95)}"
    )


def _published_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM catalog_procedureversion WHERE status = 'published'")
        return cursor.fetchone()[0]


def _raw_search(query: str) -> list:
    words = fold(query).split()
    phrase = " ".join(words)
    likes = " AND ".join(["v.search_text LIKE %s"] * len(words))
    all_in_name = " AND ".join(["v.name_folded LIKE %s"] * len(words))
    sql = f"""
        SELECT v.id, v.name, v.levels, v.online_level, v.status, v.number, p.code, f.name,
               CASE WHEN p.code = %s THEN 0 WHEN v.name_folded LIKE %s THEN 1 WHEN v.name_folded LIKE %s THEN 2
                    WHEN {all_in_name} THEN 3 ELSE 4 END AS rank
        FROM catalog_procedureversion v
        JOIN catalog_procedure p ON p.id = v.procedure_id
        LEFT JOIN catalog_field f ON f.id = v.field_id
        WHERE v.status = 'published' AND {likes}
        ORDER BY rank, v.name_sort, v.id LIMIT 31"""
    params = [
        phrase.replace(" ", "."),
        f"{phrase}%",
        f"%{phrase}%",
        *[f"%{w}%" for w in words],
        *[f"%{w}%" for w in words],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        ids = [r[0] for r in rows]
        if ids:
            cursor.execute(
                "SELECT * FROM catalog_procedurechannel "
                f"WHERE version_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id",
                ids,
            )
            cursor.fetchall()
    return rows


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _pct(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] if len(values) > 1 else values[0]


def _ratio(timings: dict, a: str, b: str, pct: int) -> str:
    return f"{_pct(timings[a], pct) / _pct(timings[b], pct):.1f}x"
