"""Linking procedures to the agencies of our province that implement them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from motcua.catalog.freshness import catalog_changed
from motcua.catalog.models import AgencyProcedure, ProcedureVersion
from motcua.core import text
from motcua.core.models import Agency, AgencyKind

# Branches of central agencies and state enterprises are often listed at ministry level in the national
# database although their local office receives the dossier: their names alone decide.
_NAME_ALONE = {AgencyKind.CENTRAL_BRANCH, AgencyKind.STATE_ENTERPRISE}


def agency_aliases() -> list[tuple[Agency, list[str]]]:
    aliases = []
    for agency in Agency.objects.filter(is_active=True).exclude(catalog_names=""):
        names = [text.fold(line) for line in agency.catalog_names.splitlines()]
        aliases.append((agency, [n for n in names if n]))
    return aliases


def matching_agencies(
    *, implementing_agency: str, levels: list[str], aliases: list[tuple[Agency, list[str]]]
) -> list[Agency]:
    """Agencies whose catalog names occur in the procedure's implementing-agency text, at a fitting level.

    A commune-level procedure that names no agency at all is handled by every commune People's Committee.
    """
    folded = f" {text.fold(implementing_agency)} "
    if not folded.strip():
        if "commune" not in levels:
            return []
        return [agency for agency, _names in aliases if agency.kind == AgencyKind.COMMUNE_COMMITTEE]
    found = []
    for agency, names in aliases:
        if levels and agency.kind not in _NAME_ALONE and agency.level not in levels:
            continue
        if any(f" {name} " in folded for name in names):
            found.append(agency)
    return found


@transaction.atomic
def attach_procedures_to_agencies(*, codes: Iterable[str] | None = None) -> int:
    """Link each procedure (all, or those with these codes) to its implementing agencies; returns new links."""
    aliases = agency_aliases()
    if not aliases:
        return 0
    versions = ProcedureVersion.objects.filter(is_latest=True).values_list(
        "procedure_id", "procedure__code", "implementing_agency", "competent_agency", "levels"
    )
    wanted = set(codes) if codes is not None else None
    links = [
        AgencyProcedure(agency=agency, procedure_id=procedure_id)
        for procedure_id, code, implementing, competent, levels in versions.iterator(chunk_size=2000)
        if wanted is None or code in wanted
        # Some pages name only the competent agency; it is then the one that handles the dossier.
        for agency in matching_agencies(
            implementing_agency=implementing or competent,
            levels=[lv for lv in levels.split(",") if lv],
            aliases=aliases,
        )
    ]
    before = AgencyProcedure.objects.count()
    AgencyProcedure.objects.bulk_create(links, ignore_conflicts=True, batch_size=500)
    catalog_changed()
    return AgencyProcedure.objects.count() - before
