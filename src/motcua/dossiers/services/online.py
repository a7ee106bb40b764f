"""The applicant online: a dossier submitted from a citizen's account (state submitted, for the desk to check),
and what the applicant may do to it afterwards (complete a supplement, withdraw it).

The look-up secret printed on the receipt is the applicant's credential for a dossier: the citizen's account
holds it for the dossiers it may see (`accounts.selectors`), and passes it here with the account."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import AgencyProcedure, OnlineLevel
from motcua.core import text
from motcua.core.models import Agency, Centre, User
from motcua.dossiers.actions import CompleteSupplementInput, WithdrawInput
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services.codes import secret_matches
from motcua.dossiers.services.errors import REASON_TEXT, DossierError, NotFound
from motcua.dossiers.services.intake import (
    ApplicantInput,
    DocumentInput,
    FeeInput,
    attach_documents,
    open_dossier,
    published_version,
    require_applicant,
    upsert_applicant,
)
from motcua.dossiers.services.transitions import apply_action, check_version, locked_dossier, steps_of
from motcua.dossiers.states import APPLICANT, Action, Context, State

APPLICANT_ACTIONS = frozenset({Action.COMPLETE_SUPPLEMENT, Action.WITHDRAW})


def online_agencies(procedure_id: int) -> list[Agency]:
    """The agencies of the province that handle this procedure: where an online dossier can be sent."""
    links = AgencyProcedure.objects.filter(procedure_id=procedure_id, is_active=True, agency__is_active=True)
    return [link.agency for link in links.select_related("agency").order_by("agency__name_sort")]


@transaction.atomic
def submit_online(
    *,
    citizen: User,
    procedure_code: str,
    applicant: ApplicantInput,
    documents: list[DocumentInput],
    agency_code: str = "",
    return_method: str = ReturnMethod.ONLINE,
    return_address: str = "",
    fees: Sequence[FeeInput] = (),
    reusable_from: Iterable[int] = (),
    now: datetime | None = None,
) -> Dossier:
    """A citizen submits a dossier online: it gets its code and secret now, waits in `submitted` for the desk to
    check it, and its clock starts when the desk accepts it. Every attached file must be in the citizen's own
    store, or in the store of an applicant in `reusable_from` (ids of the applicants the account speaks for:
    papers scanned at a counter before); nothing is written when anything is refused."""
    now = now or timezone.now()
    version = published_version(procedure_code)
    if version.online_level == OnlineLevel.NONE or not any(c.channel == "online" for c in version.channels.all()):
        raise DossierError("not_online", _("This procedure cannot be submitted online."))
    agencies = online_agencies(version.procedure_id)
    agency = next((a for a in agencies if a.code == agency_code), None) if agency_code else None
    if agency is None and len(agencies) == 1 and not agency_code:
        agency = agencies[0]
    if agency is None:
        raise DossierError("choose_agency", _("Choose the agency your dossier is for."))
    require_applicant(applicant)
    dossier, _steps = open_dossier(
        version=version,
        agency=agency,
        channel="online",
        applicant=applicant,
        who=upsert_applicant(applicant, checked_at=None),
        documents=documents,
        fees=fees,
        return_method=return_method,
        return_address=return_address,
        centre=online_centre(agency),
        actor=citizen,
        role=APPLICANT,
        files=_reusable(citizen, reusable_from),
        keep_in_store=False,
        submitted_by=citizen,
        now=now,
    )
    return dossier


def online_centre(agency: Agency) -> Centre | None:
    """The centre whose desk checks an online dossier: the one of the agency's province (its working calendar
    sets the appointment; its counter returns a result to be collected)."""
    province_id = agency.province_id or agency.pk
    return Centre.objects.filter(is_active=True, agency_id__in=[agency.pk, province_id]).order_by("pk").first()


@transaction.atomic
def act_as_applicant(
    *,
    code: str,
    secret: str,
    citizen: User,
    command: CompleteSupplementInput | WithdrawInput,
    documents: Sequence[DocumentInput] = (),
    reusable_from: Iterable[int] = (),
    version: int | None = None,
) -> Dossier:
    """The applicant completes a supplement (with the documents asked for, from their store) or withdraws the
    dossier. A wrong secret answers like an unknown code."""
    action = command.action
    if action not in APPLICANT_ACTIONS:
        raise DossierError("role", REASON_TEXT["role"]())
    dossier = locked_dossier(code)
    if not secret_matches(stored=dossier.lookup_secret, given=secret):
        raise NotFound("not_found", _("No dossier has the code %(code)s.") % {"code": code})
    if version is not None:
        check_version(dossier=dossier, version=version)
    extra: dict[str, Any] = {"online": True}
    if action == Action.COMPLETE_SUPPLEMENT:
        if dossier.state != State.AWAITING_SUPPLEMENT:
            raise DossierError("state", REASON_TEXT["state"]())
        extra["documents"] = _attach(dossier, documents, _reusable(citizen, reusable_from))
    steps, step = steps_of(dossier)
    before = State(dossier.state_before_supplement) if dossier.state_before_supplement else None
    context = Context(roles=frozenset({APPLICANT}), state_before_supplement=before)
    return apply_action(
        dossier=dossier,
        steps=steps,
        step=step,
        context=context,
        actor=citizen,
        role=APPLICANT,
        command=command,
        extra_data=extra,
    )


def _reusable(citizen: User, applicant_ids: Iterable[int]) -> Q:
    applicant_ids = list(applicant_ids)
    return Q(owner=citizen) | Q(applicant_id__in=applicant_ids) if applicant_ids else Q(owner=citizen)


def _attach(dossier: Dossier, documents: Sequence[DocumentInput], allowed: Q) -> list[dict[str, Any]]:
    """The supplement's documents, added after the dossier's own (each names what it completes)."""
    documents = [d for d in documents if d.file_ids]
    if not documents:
        raise DossierError("missing_field", _("Attach the documents asked for."))
    last = dossier.documents.order_by("-position").values_list("position", flat=True).first() or 0
    files = attach_documents(dossier=dossier, documents=documents, files=allowed, keep_in_store=False, after=last)
    return [
        {"name": text.clean(d.name), "files": [{"id": f, "sha256": files[f].sha256} for f in d.file_ids]}
        for d in documents
    ]
