"""An index for the catalog's search (catalog.search_index): FTS5 trigram table and triggers on SQLite, a pg_trgm
GIN index on PostgreSQL."""

from django.db import migrations

FTS = "catalog_procedureversion_fts"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='catalog_procedureversion', "
    "content_rowid='id', tokenize='trigram')",
    # An external-content table holds only the index: the triggers give it every change of the column.
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON catalog_procedureversion BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON catalog_procedureversion BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON catalog_procedureversion BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_procedureversion_search_trgm "
    "ON catalog_procedureversion USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS catalog_procedureversion_search_trgm"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_processstep_result_name")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
