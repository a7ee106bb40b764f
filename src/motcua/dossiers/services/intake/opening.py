"""A new dossier written for every way in (the counter, another system, a citizen online): its code, steps,
documents, fees and first event; the applicant's record; the documents with their files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.core import text
from motcua.core.models import Agency, Centre, User
from motcua.dossiers.models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierFee,
    DossierStep,
    ReturnMethod,
    StoredFile,
)
from motcua.dossiers.services.clock import plan_steps, point_at, start_clock
from motcua.dossiers.services.codes import lookup_secret, next_code
from motcua.dossiers.services.counter_files import refused_message
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.services.history import append_event
from motcua.dossiers.services.intake.inputs import ApplicantInput, DocumentInput, FeeInput
from motcua.dossiers.services.lienthong import plan_results, record_handover
from motcua.dossiers.states import Action, State
from motcua.workdays.selectors import calendar_for


def require_applicant(applicant: ApplicantInput) -> None:
    if not applicant.name.strip() or not applicant.id_number.strip():
        raise DossierError("applicant", _("The applicant's name and ID number (or tax code) are required."))


def open_dossier(
    *,
    version: ProcedureVersion,
    agency: Agency,
    channel: str,
    applicant: ApplicantInput,
    who: Applicant,
    documents: list[DocumentInput],
    fees: Sequence[FeeInput] = (),
    return_method: str = ReturnMethod.COUNTER,
    return_address: str = "",
    centre: Centre | None = None,
    counter_id: int | None = None,
    actor: User | None = None,
    role: str = "",
    files: Q,
    keep_in_store: bool,
    submitted_by: User | None = None,
    now: datetime,
) -> tuple[Dossier, list[DossierStep]]:
    """Write a new dossier with its code, steps, documents, fees and first event, for every way in (the counter,
    another system, a citizen online). `files` says which stored files the documents may use; `keep_in_store`
    puts the new ones in the applicant's store of documents. The caller holds the transaction."""
    channel_row = next((c for c in version.channels.all() if c.channel == channel), None)
    if channel_row is None:
        raise DossierError("channel", _("This procedure cannot be submitted through this channel."))
    if return_method not in ReturnMethod.values:
        raise DossierError("return_method", _("The result is returned at the counter, by post or online."))
    if return_method == ReturnMethod.POST and not return_address.strip():
        raise DossierError("return_address", _("Give the address the result is to be posted to."))
    online = channel == "online"
    calendar = calendar_for(centre)
    code = next_code(agency=agency, at=now)
    name = text.clean(applicant.name, keep_newlines=False)
    dossier = Dossier(
        code=code,
        lookup_secret=lookup_secret(),
        province_id=agency.province_id or agency.pk,
        agency=agency,
        centre_id=centre.pk if centre is not None else None,  # not the object: it may be an id-only stand-in
        counter_id=counter_id,
        procedure=version.procedure,
        procedure_version=version,
        channel=channel,
        applicant=who,
        applicant_name=name,
        applicant_id_number=applicant.id_number.strip(),
        applicant_phone=text.phone_number(applicant.phone),
        applicant_email=text.email_address(applicant.email),
        applicant_address=text.clean(applicant.address, keep_newlines=False),
        state=State.SUBMITTED if online else State.RECEIVED,
        submitted_at=now,
        submitted_by=submitted_by,
        limit_amount=channel_row.deadline_amount,
        limit_unit=channel_row.deadline_unit,
        return_method=return_method,
        return_address=text.clean(return_address, keep_newlines=False),
        search_text=" ".join([code.lower(), text.fold(name), applicant.id_number.strip().lower()]),
    )
    plans = plan_steps(version=version, agency=agency, channel=channel)
    steps = [
        DossierStep(
            province_id=dossier.province_id,
            position=i,
            name=p.name,
            public_name=p.public_name,
            role=p.role,
            agency=p.agency,
            budget_amount=p.budget_amount,
            budget_unit=p.budget_unit,
        )
        for i, p in enumerate(plans, start=1)
    ]
    if online:  # the desk checks it first: the clock starts when it accepts it
        steps[0].started_at = now
        point_at(dossier, steps[0])
    else:
        start_clock(dossier=dossier, steps=steps, received_at=now, officer=actor, calendar=calendar)
    current, dossier.current_step = dossier.current_step, None  # its row is written after the dossier's
    dossier.save(force_insert=True)
    for step in steps:
        step.dossier = dossier
    DossierStep.objects.bulk_create(steps)
    dossier.current_step = current
    Dossier.objects.filter(pk=dossier.pk).update(current_step=current)
    plan_results(dossier=dossier, steps=steps, names=[p.result_name for p in plans])
    attach_documents(dossier=dossier, documents=documents, files=files, keep_in_store=keep_in_store)
    DossierFee.objects.bulk_create(
        [
            DossierFee(
                dossier=dossier,
                province_id=dossier.province_id,
                label=f.label,
                amount=f.amount,
                currency=f.currency,
                receipt_number=f.receipt_number,
                method=f.method,
                paid_at=now if f.method else None,
                due_at_stage="reception" if f.method else "return",
            )
            for f in fees
        ]
    )
    if online:
        append_event(
            dossier=dossier,
            action="submit",
            actor=actor,
            role=role,
            agency=agency,
            to_state=State.SUBMITTED,
            step_name=steps[0].name,
            at=now,
            first=True,
        )
    else:
        append_event(
            dossier=dossier,
            action="receive",
            actor=actor,
            role=role,
            agency=agency,
            to_state=State.RECEIVED,
            step_name=steps[0].name,
            due_after=dossier.due_at,
            at=now,
            first=True,
            data={
                "documents": len(documents),
                "fees": [f.amount for f in fees],
                # A first step at another agency (a commune receives, a department appraises): handed over now.
                **record_handover(
                    dossier=dossier,
                    from_step=steps[0],
                    to_step=current,
                    action=Action.FORWARD,
                    actor=actor,
                    reason="",
                    now=now,
                ),
            },
        )
    return dossier, steps


def upsert_applicant(data: ApplicantInput, *, checked_at: datetime | None, recheck_contact: bool = False) -> Applicant:
    """The applicant by ID number. Checked (`checked_at`: an officer saw the identity card), the record is created
    or brought up to date in one statement (safe under concurrency); unchecked (typed online), an existing
    record is left as it is, so that nobody can put their phone on someone else's ID number. A phone and e-mail
    already checked at a counter open that person's dossiers to an account: they are replaced only when the
    officer says they re-checked them with the identity card (`recheck_contact`), never by a reception alone."""
    applicant = Applicant(
        id_number=data.id_number.strip(),
        kind=data.kind,
        name=text.clean(data.name, keep_newlines=False),
        phone=text.phone_number(data.phone),
        email=text.email_address(data.email),
        address=text.clean(data.address, keep_newlines=False),
        checked_at=checked_at,
    )
    if checked_at is None:
        Applicant.objects.bulk_create([applicant], ignore_conflicts=True)
        return Applicant.objects.get(id_number=applicant.id_number)
    fields = ["kind", "name", "phone", "email", "address", "checked_at", "updated_at"]
    if not recheck_contact:
        kept = Applicant.objects.filter(id_number=applicant.id_number, checked_at__isnull=False).first()
        if kept is not None:
            applicant.phone, applicant.email = kept.phone, kept.email
            fields = [f for f in fields if f not in {"phone", "email"}]
    Applicant.objects.bulk_create([applicant], update_conflicts=True, unique_fields=["id_number"], update_fields=fields)
    return applicant


def attach_documents(
    *, dossier: Dossier, documents: list[DocumentInput], files: Q, keep_in_store: bool, after: int = 0
) -> dict[int, StoredFile]:
    """The documents with their files (which must be among `files`), numbered after position `after`; returns
    the files by id. `keep_in_store` puts new files in the applicant's store of documents."""
    wanted = {file_id for d in documents for file_id in d.file_ids}
    found = StoredFile.objects.filter(files).in_bulk(wanted)
    if len(found) != len(wanted):  # which ones is not said: that would tell which file ids exist
        raise DossierError("files", refused_message())
    rows = DossierDocument.objects.bulk_create(
        [
            DossierDocument(
                dossier=dossier,
                province_id=dossier.province_id,
                position=i,
                name=text.clean(d.name),
                originals=d.originals,
                copies=d.copies,
            )
            for i, d in enumerate(documents, start=after + 1)
        ]
    )
    links = [
        DossierDocument.files.through(dossierdocument_id=row.pk, storedfile_id=file_id)
        for row, d in zip(rows, documents, strict=True)
        for file_id in d.file_ids
    ]
    DossierDocument.files.through.objects.bulk_create(links)
    if keep_in_store:
        for file in found.values():  # the applicant's store of digitised documents, reusable next time
            if file.applicant_id is None:
                file.applicant = dossier.applicant
                file.save(update_fields=["applicant"])
    return found
