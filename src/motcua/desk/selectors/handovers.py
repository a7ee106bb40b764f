"""Reads for the hand-over screen (/desk/lien-thong/, "Hồ sơ liên thông"): the dossiers other agencies handed to
mine and mine have not taken yet, those they took, and those mine handed to other agencies.

Each list is one query (the dossier, its procedure and current step, both agencies joined), newest first, at most
LIMIT rows: the indexes handover_waiting, handover_to_agency and handover_from_agency serve them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from motcua.core.models import Role, User
from motcua.core.selectors import agency_ids_for
from motcua.dossiers.models import Handover

LIMIT = 50
ROLES: set[str] = {Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER}


@dataclass
class HandoverLists:
    agency_ids: set[int]
    waiting: list[Handover]
    received: list[Handover]
    sent: list[Handover]


def _base() -> QuerySet[Handover]:
    return Handover.objects.select_related(
        "dossier__procedure",
        "dossier__procedure_version",
        "dossier__current_step",
        "from_agency",
        "to_agency",
    ).only(
        "kind",
        "sent_at",
        "sent_by_name",
        "due_at",
        "reason",
        "received_at",
        "received_by_name",
        "from_step_name",
        "step_id",
        "from_agency__name",
        "to_agency__name",
        "dossier__code",
        "dossier__state",
        "dossier__agency_id",
        "dossier__applicant_name",
        "dossier__procedure__code",
        "dossier__procedure_version__name",
        "dossier__current_step__agency_id",
        "dossier__current_step__name",
    )


def handover_lists(user: User) -> HandoverLists:
    ids = agency_ids_for(user, roles=ROLES)
    if not ids:
        return HandoverLists(ids, [], [], [])
    to_mine = _base().filter(to_agency_id__in=ids)
    waiting = list(to_mine.filter(received_at__isnull=True).order_by("sent_at", "pk")[:LIMIT])
    received = list(to_mine.filter(received_at__isnull=False).order_by("-received_at", "-pk")[:LIMIT])
    sent = list(_base().filter(from_agency_id__in=ids).order_by("-sent_at", "-pk")[:LIMIT])
    for row in (*waiting, *received, *sent):
        # The desk's dossier page opens only where the dossier is visible to the user (access.can_see).
        dossier = row.dossier
        step_agency = dossier.current_step.agency_id if dossier.current_step else None
        row.openable = dossier.agency_id in ids or step_agency in ids  # type: ignore[attr-defined]
    return HandoverLists(ids, waiting, received, sent)
