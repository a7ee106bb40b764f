"""The index of the catalog's search text: which versions hold every typed word, without reading them all.

SQLite: an FTS5 table with the trigram tokenizer (any part of a word, like the LIKE it replaces), kept in step with
catalog_procedureversion.search_text by triggers (migration 0006). PostgreSQL: a pg_trgm GIN index on the column
itself, which the planner uses for the same LIKE '%word%' filters, so nothing changes in the query there.
A trigram needs three characters: shorter words are still matched by LIKE, among the rows the index found.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from motcua.catalog.models import ProcedureVersion

FTS_TABLE = "catalog_procedureversion_fts"
MIN_INDEXED = 3  # characters: the trigram tokenizer matches nothing shorter


def filter_words(qs: QuerySet[ProcedureVersion], words: list[str]) -> QuerySet[ProcedureVersion]:
    """Versions whose (folded) search text contains every word, in any part of a word."""
    indexed = [w for w in words if len(w) >= MIN_INDEXED] if connection.vendor == "sqlite" else []
    if indexed:
        # Each word a quoted FTS5 string (its own quotes doubled): a substring to find, never query syntax.
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in indexed)
        qs = qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]))
    for word in words:
        if word not in indexed:
            qs = qs.filter(search_text__contains=word)
    return qs
