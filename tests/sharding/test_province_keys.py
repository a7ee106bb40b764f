"""The schema is ready to be distributed by province (docs/sharding.md): every distributed table carries the
province, every unique key includes it, the database refuses a row in another province than its dossier's, and
the services write the dossier's province on every row they add."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.connectors.models import InboundDossier
from motcua.core.models import Agency
from motcua.core.sharding import co_located_fields, distributed_models, prepare_sql, unique_keys
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.payments.models import Refund as PaymentRefund

DISTRIBUTED = distributed_models()
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="composite keys: PostgreSQL only")


@pytest.mark.parametrize("model", DISTRIBUTED, ids=lambda m: m._meta.label)
def test_each_distributed_table_has_a_not_null_province_in_every_unique_key(model):
    field = model._meta.get_field("province")
    assert field.related_model is Agency and not field.null
    for name, columns in unique_keys(model):
        one_to_one = name.endswith("(unique=True)") and model._meta.get_field(name.split()[0]).one_to_one
        assert "province_id" in columns or one_to_one, f"{model._meta.label}: {name} lacks the province"


def test_the_prepared_sql_distributes_every_table_and_makes_the_keys_composite():
    sql = "\n".join(prepare_sql())
    for model in DISTRIBUTED[1:]:
        table = model._meta.db_table
        assert f"create_distributed_table('{table}', 'province_id', colocate_with => 'dossiers_dossier')" in sql
        assert f"pg_temp.distribution_key('{table}')" in sql
    assert sql.index("create_reference_table('core_agency')") < sql.index("create_distributed_table")
    for _table, _name, add in co_located_fields():  # made again once the tables are distributed
        assert sql.index(add) > sql.rindex("create_distributed_table")


@postgresql_only
def test_the_database_has_each_composite_key(db):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text,
                      array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY i),
                      array(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY i)
               FROM pg_constraint c WHERE c.contype = 'f' AND c.conname LIKE '%%_province_fk'"""
        )
        found = {
            name: (table, parent, list(columns), list(parent_columns))
            for name, table, parent, columns, parent_columns in cursor.fetchall()
        }
    expected = {}
    for model in DISTRIBUTED:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in DISTRIBUTED:
                name = f"{model._meta.db_table}_{field.column}_province_fk"
                expected[name] = (
                    model._meta.db_table,
                    field.related_model._meta.db_table,
                    ["province_id", field.column],
                    ["province_id", "id"],
                )
    assert expected and {n: found.get(n) for n in expected} == expected


@postgresql_only
def test_a_row_in_another_province_than_its_dossiers_is_refused(journey):
    """Each table with a composite key: one of its rows moved to another province (its dossier, step or fee
    staying where they are) is refused by one of those keys. The dossier itself too: its rows point to it."""
    payment = Payment.objects.get()  # a refund row, as the gateway's answer would leave it (not in the journey)
    PaymentRefund.objects.create(
        payment=payment, province_id=payment.province_id, amount=1, full=False, requested_at=timezone.now()
    )
    dossier = journey.dossiers[0]  # and a dossier opened from the national portal
    InboundDossier.objects.create(source="dvcqg", external_id="G-1", dossier=dossier, province_id=dossier.province_id)
    tables = sorted({table for table, _name, _sql in co_located_fields()})
    refused = {}
    for table in tables:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's keys and ours are checked at commit
                cursor.execute(
                    f'UPDATE "{table}" SET province_id = %s WHERE id = (SELECT min(id) FROM "{table}")',
                    [journey.other_province_id],
                )
                assert cursor.rowcount == 1, f"{table} has no row to move"
        except IntegrityError as error:
            refused[table] = "_province_fk" in str(error)
    assert refused == dict.fromkeys(tables, True)


def test_the_services_write_the_dossiers_province_on_every_row(journey):
    assert {d.province_id for d in Dossier.objects.all()} == {journey.world.root.pk}
    for model in DISTRIBUTED:
        rows = model.objects.all()
        if model._meta.label in NOT_IN_THE_JOURNEY:
            continue
        assert rows.exists(), f"the journey wrote no {model._meta.label}"
        assert not rows.exclude(province_id=_province_of_its_parent(model)).exists(), model._meta.label


# Written only after a gateway's answer or a national portal's dossier (tests/payments/test_refunds.py and
# tests/connectors/test_inbound.py play them); the composite keys guard them on PostgreSQL.
NOT_IN_THE_JOURNEY = {"payments.Refund", "connectors.InboundDossier"}


def _province_of_its_parent(model):
    """Where the row's province comes from: its dossier, else the row it belongs to, else its agency."""
    names = {f.name for f in model._meta.concrete_fields}
    for parent in ("dossier", "fee", "payment", "rating"):
        if parent in names and model is not Dossier:
            return F(f"{parent}__province_id")
    if "series" in names:
        return Coalesce(F("series__agency__province_id"), F("series__agency_id"))
    return Coalesce(F("agency__province_id"), F("agency_id"))
