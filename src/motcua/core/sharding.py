"""The national deployment's layout on Citus (docs/sharding.md, ADR 0013): which tables are distributed by the
province, which are reference tables, and the SQL that turns a migrated database into a distributed one.

Models are named by label, not imported: this module sits below the apps it describes. The SQL is generated from
the models' metadata, so it stays true as the models change; a test checks the distributed models' keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Distributed by `province_id`, co-located with the first (the dossier). Each has a not-null `province` whose
# unique keys all include it. Parents come before the tables that point to them.
DISTRIBUTED: tuple[str, ...] = (
    "dossiers.Dossier",
    "dossiers.DailySequence",
    "dossiers.ReceptionNote",
    "dossiers.DossierStep",
    "dossiers.DossierDocument",
    "dossiers.DossierFee",
    "dossiers.DossierEvent",
    "dossiers.Handover",
    "dossiers.DossierResult",
    "payments.Payment",
    "payments.Refund",
    "receipts.ReceiptCounter",
    "receipts.Receipt",
    "receipts.Refund",
    "receipts.RefundSlipCounter",
    "feedback.Rating",
    "feedback.RatingScore",
    "connectors.InboundDossier",
)

# A full copy on every node: the organisation, the catalog, the calendar, the agencies' signing keys.
REFERENCE_APPS: tuple[str, ...] = ("catalog", "workdays")
REFERENCE: tuple[str, ...] = (
    "core.Agency",
    "core.Centre",
    "core.Counter",
    "signatures.SigningKey",
    "receipts.ReceiptSeries",  # one per collecting agency and year
)

DISTRIBUTION_COLUMN = "province_id"


def distributed_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in DISTRIBUTED]


def reference_models() -> list[type[models.Model]]:
    found = [apps.get_model(label) for label in REFERENCE]
    found += [
        m for name in REFERENCE_APPS for m in _tables(apps.get_app_config(name).get_models(include_auto_created=True))
    ]
    return _parents_first(found)


def unique_keys(model: type[models.Model]) -> list[tuple[str, list[str]]]:
    """Every unique key of the table but the primary key: (name, column names)."""
    keys = [
        (f"{f.name} (unique=True)", [f.column]) for f in model._meta.concrete_fields if f.unique and not f.primary_key
    ]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            keys.append((constraint.name, [model._meta.get_field(name).column for name in constraint.fields]))
    keys += [
        (f"unique_together {names}", [model._meta.get_field(n).column for n in names])
        for names in model._meta.unique_together
    ]
    return keys


def co_located_keys(*, parents: Iterable[str], children: Iterable[tuple[str, str, str]]) -> migrations.RunPython:
    """A migration operation, PostgreSQL only (SQLite cannot add a foreign key to a table): UNIQUE (province_id,
    id) on each parent table, and for each (child table, column, parent table) the foreign key (province_id,
    column) -> parent (province_id, id), beside Django's own on the column. The child's row must then be in its
    parent's province, which is what co-location on Citus needs. Checked at each statement but for
    CHECKED_AT_COMMIT (`_foreign_key`)."""
    forward, drop_keys, drop_uniques = [], [], []
    for table in parents:
        name = _name(table, "province_id_key")
        forward.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" UNIQUE ("province_id", "id")')
        drop_uniques.append(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for table, column, parent in children:
        name = _key_name(table, column)
        forward.append(_foreign_key(table, name, column, parent))
        drop_keys.append(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    backward = drop_keys + drop_uniques
    return migrations.RunPython(_on_postgresql(forward), _on_postgresql(backward))


def province_column(*, null: bool) -> models.ForeignKey:
    """The province field as the migrations add it: nullable until filled, then not null."""
    return models.ForeignKey(null=null, db_index=False, on_delete=models.PROTECT, related_name="+", to="core.agency")


def add_province(model: str, fill: migrations.RunPython) -> list[migrations.operations.base.Operation]:
    """Migration operations: the province on `model`, nullable, filled in one statement, then not null."""
    return [
        migrations.AddField(model_name=model, name="province", field=province_column(null=True)),
        fill,
        migrations.AlterField(model_name=model, name="province", field=province_column(null=False)),
    ]


def unique_with_province(model: str, name: str, fields: list[str], **options: Any) -> list[Any]:
    """Migration operations: the unique key `name` made again with the province as its last column."""
    return [
        migrations.RemoveConstraint(model_name=model, name=name),
        migrations.AddConstraint(
            model_name=model,
            constraint=models.UniqueConstraint(fields=[*fields, "province"], name=name, **options),
        ),
    ]


def fill_province(*, table: str, through: str, via: str = "dossier_id", agency: bool = False) -> migrations.RunPython:
    """A migration operation: set `province_id` of every row of `table` in one UPDATE ... FROM (PostgreSQL and
    SQLite 3.33+), from the row of `through` its column `via` points to; `agency` when `through` is the agency
    table (a province is its own root: its `province_id` is null)."""
    value = 'COALESCE(p."province_id", p."id")' if agency else 'p."province_id"'
    where = f'p."id" = "{table}"."{via}"'
    return fill_with(f'UPDATE "{table}" SET "province_id" = {value} FROM "{through}" p WHERE {where}')


def fill_with(update: str) -> migrations.RunPython:
    """A migration operation running this UPDATE. On PostgreSQL its foreign keys are checked at once: a deferred
    check still pending would refuse the ALTER TABLE that follows in the same migration."""

    def run(state_apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        postgresql = schema_editor.connection.vendor == "postgresql"
        if postgresql:
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(update)
        if postgresql:
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    return migrations.RunPython(run, migrations.RunPython.noop)


def _tables(found: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The models that are tables of their own (a proxy shares its model's)."""
    return [m for m in found if m._meta.managed and not m._meta.proxy]


def _on_postgresql(statements: list[str]):
    def run(state_apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


def _name(table: str, suffix: str) -> str:
    name = f"{table}_{suffix}"
    if len(name) > 63:  # PostgreSQL would cut it silently, and two could then collide
        raise ValueError(f"constraint name too long: {name}")
    return name


def _key_name(table: str, column: str) -> str:
    """The composite key's name (bench/bulk.py finds them by its ending)."""
    return _name(table, f"{column}_province_fk")


def _parents_first(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """The models in an order where a model comes after those of the list it points to (ties: as given)."""
    remaining, ordered = list(found), []
    while remaining:
        for model in remaining:
            targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation} - {model}
            if not targets & set(remaining):
                ordered.append(model)
                remaining.remove(model)
                break
        else:  # a cycle: keep the given order for the rest
            ordered += remaining
            break
    return ordered


def prepare_sql() -> list[str]:
    """The statements that make a migrated database distributed (`motcua citus-prepare --print`), in order:
    drop the foreign keys Citus cannot keep, make the primary keys (province_id, id), create the reference
    tables, then the distributed ones; the composite keys are dropped around the distribution and made again,
    as a table cannot be distributed with a key to a table that is not yet."""
    distributed = distributed_models()
    dist, ref = set(distributed), set(reference_models())
    statements = [_DROP_KEY_FUNCTION, _PRIMARY_KEY_FUNCTION]
    for model in _tables(apps.get_models(include_auto_created=True)):
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is None or not getattr(field, "db_constraint", False):
                continue
            if (model in dist or target in dist) and not (model in dist and target in ref):
                statements.append(f"SELECT pg_temp.drop_key('{model._meta.db_table}', '{field.column}');")
    composite = co_located_fields()
    statements += [f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}";' for table, name, _sql in composite]
    for model in distributed:
        statements.append(f"SELECT pg_temp.distribution_key('{model._meta.db_table}');")
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:  # a one-to-one: its own key, with the province
                table = model._meta.db_table
                statements.append(f"SELECT pg_temp.drop_key('{table}', '{field.column}', 'u');")
                statements.append(f'ALTER TABLE "{table}" ADD UNIQUE ("{field.column}", "{DISTRIBUTION_COLUMN}");')
    statements += [f"SELECT create_reference_table('{m._meta.db_table}');" for m in reference_models()]
    anchor = distributed[0]._meta.db_table
    statements.append(f"SELECT create_distributed_table('{anchor}', '{DISTRIBUTION_COLUMN}');")
    statements += [
        f"SELECT create_distributed_table('{m._meta.db_table}', '{DISTRIBUTION_COLUMN}', colocate_with => '{anchor}');"
        for m in distributed[1:]
    ]
    statements += [sql + ";" for _table, _name, sql in composite]
    return statements


def co_located_fields() -> list[tuple[str, str, str]]:
    """(table, constraint name, ALTER TABLE) of every composite key the models call for: each foreign key from a
    distributed table to another, as (province_id, column) -> (province_id, id). The migrations make them."""
    dist = set(distributed_models())
    found = []
    for model in distributed_models():
        table = model._meta.db_table
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in dist:
                name = _key_name(table, field.column)
                found.append((table, name, _foreign_key(table, name, field.column, field.related_model._meta.db_table)))
    return found


# Keys checked at the commit: a cycle (the dossier points at its current step, the step at its dossier), so one
# of the two rows is always written before the other. The others are checked at each statement: left to the
# commit, a transaction writing tens of thousands of rows (the demo) made one check past the statement timeout.
CHECKED_AT_COMMIT = {("dossiers_dossier", "current_step_id")}


def _foreign_key(table: str, name: str, column: str, parent: str) -> str:
    when = "DEFERRED" if (table, column) in CHECKED_AT_COMMIT else "IMMEDIATE"
    return (
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" FOREIGN KEY ("province_id", "{column}") '
        f'REFERENCES "{parent}" ("province_id", "id") DEFERRABLE INITIALLY {when}'
    )


# Constraint names are read from the catalog when the statements run: Django named them when each was made.
_DROP_KEY_FUNCTION = """CREATE FUNCTION pg_temp.drop_key(tbl regclass, col name, kind "char" DEFAULT 'f')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE found name;
BEGIN
  FOR found IN SELECT c.conname FROM pg_constraint c JOIN pg_attribute a
      ON a.attrelid = c.conrelid AND a.attname = col AND c.conkey = ARRAY[a.attnum]
      WHERE c.conrelid = tbl AND c.contype = kind LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, found);
  END LOOP;
END $$;"""

_PRIMARY_KEY_FUNCTION = f"""CREATE FUNCTION pg_temp.distribution_key(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE found name;
BEGIN
  SELECT conname INTO found FROM pg_constraint WHERE conrelid = tbl AND contype = 'p';
  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I, ADD PRIMARY KEY ("{DISTRIBUTION_COLUMN}", "id")', tbl, found);
END $$;"""
