"""What the figures need of a dossier beyond its event, in one prepared statement per event (the subscriber runs
after every dossier action, so the ORM's cost of building three queries showed in every reception)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, DossierDocument


@dataclass(frozen=True)
class Facts:
    """Where the dossier was received and what it is for (these never change), and at reception whether every
    input document has its scan and whether a scan was already used by an earlier dossier."""

    centre_key: int
    field_key: int
    full_online: bool
    digitised: bool = False
    reused: bool = False


def read_facts(dossier_id: int, *, inputs: bool) -> Facts:
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor, inputs), [dossier_id])
        row = cursor.fetchone()
    centre, field, online_level = row[0], row[1], row[2]
    if not inputs:
        return Facts(centre or 0, field or 0, online_level == "full")
    documents, without_files, reused = row[3], row[4], row[5]
    return Facts(centre or 0, field or 0, online_level == "full", bool(documents and not without_files), bool(reused))


@functools.lru_cache(maxsize=4)
def _statement(vendor: str, inputs: bool) -> str:
    """The statement for this database (`vendor` keys the cache: names are quoted by the connection)."""
    q = connection.ops.quote_name
    dossier, version = q(Dossier._meta.db_table), q(ProcedureVersion._meta.db_table)
    document, link = q(DossierDocument._meta.db_table), q(DossierDocument.files.through._meta.db_table)
    columns = [f"d.{q('centre_id')}", f"v.{q('field_id')}", f"v.{q('online_level')}"]
    if inputs:
        dd_dossier, dd_id = q("dossier_id"), q("id")
        l_doc, l_file = q("dossierdocument_id"), q("storedfile_id")
        columns += [
            f"(SELECT COUNT(*) FROM {document} dd WHERE dd.{dd_dossier} = d.{dd_id})",
            f"(SELECT COUNT(*) FROM {document} dd WHERE dd.{dd_dossier} = d.{dd_id} "
            f"AND NOT EXISTS (SELECT 1 FROM {link} l WHERE l.{l_doc} = dd.{dd_id}))",
            # A scan of this dossier also attached to a document of an earlier dossier: reused.
            f"(SELECT COUNT(*) FROM {document} dd JOIN {link} l ON l.{l_doc} = dd.{dd_id} "
            f"WHERE dd.{dd_dossier} = d.{dd_id} AND EXISTS (SELECT 1 FROM {link} l2 "
            f"JOIN {document} dd2 ON dd2.{dd_id} = l2.{l_doc} "
            f"WHERE l2.{l_file} = l.{l_file} AND dd2.{dd_dossier} < d.{dd_id}))",
        ]
    return (
        f"SELECT {', '.join(columns)} FROM {dossier} d "
        f"JOIN {version} v ON v.{q('id')} = d.{q('procedure_version_id')} WHERE d.{q('id')} = %s"
    )
