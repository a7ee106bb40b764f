"""Writes of online submission: start a draft, keep what was typed and attached, submit it as a dossier."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts import services as accounts
from motcua.accounts.forms import ID_NUMBER
from motcua.accounts.models import Draft
from motcua.accounts.selectors import applicant_ids, profile_of, reusable_files
from motcua.catalog.models import ProcedureVersion
from motcua.core import text
from motcua.core.models import User
from motcua.dossiers import services as dossiers
from motcua.dossiers.models import Applicant, Dossier, ReturnMethod
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.services.files import Upload as UploadData
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.services.online import online_agencies
from motcua.notifications.services import set_preference
from motcua.portal.submission.selectors import slots_of

FIELDS = (
    "name",
    "kind",
    "id_number",
    "phone",
    "email",
    "address",
    "agency",
    "return_method",
    "return_address",
    "notify_sms",
    "notify_email",
)
MAX_FILES_PER_DOCUMENT = 10


class Incomplete(Exception):
    """The e-form cannot be submitted yet: a message per field (the draft keeps everything)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass
class Upload:
    position: int
    name: str
    data: UploadData  # bytes or the uploaded file, read in chunks by store_upload


@dataclass
class FormInput:
    """What one post of the e-form carries."""

    values: dict[str, str | bool]
    uploads: list[Upload] = field(default_factory=list)
    kept: dict[int, list[int]] = field(default_factory=dict)  # files already attached, still ticked
    picked: dict[int, list[int]] = field(default_factory=dict)  # files chosen from my documents


def start_draft(*, citizen: User, version: ProcedureVersion) -> Draft:
    """The citizen's latest draft of this procedure, or a new one prefilled from their account."""
    existing = Draft.objects.filter(citizen=citizen, procedure_id=version.procedure_id).order_by("-updated_at").first()
    if existing is not None:
        return existing
    profile = profile_of(citizen)
    agencies = online_agencies(version.procedure_id)
    data = {
        "name": citizen.full_name,
        "kind": profile.kind if profile else "person",
        "id_number": profile.id_number if profile else "",
        "phone": (profile.phone or "") if profile else "",
        "email": (profile.email or "") if profile else "",
        "address": profile.address if profile else "",
        "agency": agencies[0].code if len(agencies) == 1 else "",
        "return_method": ReturnMethod.ONLINE,
        "return_address": "",
        "notify_sms": bool(profile and profile.notify_sms and profile.phone),
        "notify_email": bool(profile and profile.notify_email and profile.email),
    }
    return Draft.objects.create(citizen=citizen, procedure_id=version.procedure_id, data=data)


def save_draft(*, draft: Draft, version: ProcedureVersion, form: FormInput) -> dict[str, str]:
    """Keep what was typed and attached; returns the upload problems by field ("doc-<n>"): a file refused for
    its type or size is named, and everything else is kept."""
    problems: dict[str, str] = {}
    positions = {slot.position: slot for slot in slots_of(version)}
    mine = set(
        reusable_files(draft.citizen)
        .filter(pk__in=[i for ids in form.picked.values() for i in ids])
        .values_list("pk", flat=True)
    )
    files: dict[int, list[int]] = {}
    previously = {int(k): v for k, v in (draft.files or {}).items()}
    for position in positions:
        kept = [i for i in form.kept.get(position, []) if i in previously.get(position, [])]
        picked = [i for i in form.picked.get(position, []) if i in mine]
        files[position] = list(dict.fromkeys(kept + picked))
    for upload in form.uploads:
        slot = positions.get(upload.position)
        if slot is None:
            continue
        title = slot.name or _("Other document")
        try:
            stored = store_upload(
                data=upload.data, original_name=upload.name, title=title[:500], user=draft.citizen, owner=draft.citizen
            )
        except DossierError as error:
            problems[f"doc-{upload.position}"] = f"{upload.name}: {error.message}"
            continue
        files[upload.position].append(stored.pk)
    for position, ids in files.items():
        if len(ids) > MAX_FILES_PER_DOCUMENT:
            files[position] = ids[:MAX_FILES_PER_DOCUMENT]
            problems[f"doc-{position}"] = _("At most %(n)d files for one document.") % {"n": MAX_FILES_PER_DOCUMENT}
    draft.data = {name: _value(form.values.get(name)) for name in FIELDS}
    draft.files = {str(k): v for k, v in files.items() if v}
    draft.save(update_fields=["data", "files", "updated_at"])
    return problems


def _value(raw) -> str | bool:
    if isinstance(raw, bool):
        return raw
    return text.clean(str(raw or ""), keep_newlines=False)[:255]


def check(*, data: dict, files: dict[int, list[int]], version: ProcedureVersion) -> dict[str, str]:
    """What is missing before an e-form (`data` as in Draft.data, `files` by document position) can be submitted,
    by field."""
    errors = {}
    if not data.get("name"):
        errors["name"] = _("Enter the applicant's full name.")
    if not re.match(ID_NUMBER, str(data.get("id_number", "")).strip()):
        errors["id_number"] = _("An ID number has 12 digits; a tax code 10 or 13.")
    if data.get("phone") and not text.is_phone_number(str(data["phone"])):
        errors["phone"] = _("Enter a phone number of 10 digits.")
    if not data.get("phone") and not data.get("email"):
        errors["phone"] = _("Give a phone number or an e-mail address, so that we can tell you about your dossier.")
    if data.get("return_method") not in ReturnMethod.values:
        errors["return_method"] = _("Choose how you want to receive the result.")
    if data.get("return_method") == ReturnMethod.POST and not data.get("return_address"):
        errors["return_address"] = _("Give the address the result is to be posted to.")
    agencies = [a.code for a in online_agencies(version.procedure_id)]
    if data.get("agency") not in agencies:
        errors["agency"] = _("Choose the agency your dossier is for.")
    for slot in slots_of(version):
        if not slot.optional and not files.get(slot.position):
            errors[f"doc-{slot.position}"] = _("Attach this document (a scan or a photo of it).")
    if not any(files.values()):
        errors.setdefault("documents", _("Attach the papers of your dossier (scans or photos)."))
    return errors


@transaction.atomic
def submit_draft(*, draft: Draft, version: ProcedureVersion) -> Dossier:
    """The draft becomes a dossier waiting for the desk's check; the draft is gone. Raises Incomplete (nothing
    written) when something is missing."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)  # a double click submits once
    files = {int(k): v for k, v in (draft.files or {}).items()}
    dossier = submit(citizen=draft.citizen, version=version, data=draft.data, files=files)
    draft.delete()
    return dossier


@transaction.atomic
def submit(*, citizen: User, version: ProcedureVersion, data: dict, files: dict[int, list[int]]) -> Dossier:
    """An e-form (from a draft, or sent whole through the API) becomes a dossier waiting for the desk's check; the
    account remembers the applicant's details for next time. Raises Incomplete (nothing written)."""
    errors = check(data=data, files=files, version=version)
    if errors:
        raise Incomplete(errors)
    documents = [
        dossiers.DocumentInput(
            name=slot.name or _("Other document"),
            originals=slot.originals,
            copies=slot.copies,
            file_ids=files[slot.position],
        )
        for slot in slots_of(version)
        if files.get(slot.position)
    ]
    applicant = dossiers.ApplicantInput(
        name=data["name"],
        id_number=str(data["id_number"]).strip(),
        kind=data.get("kind") or "person",
        phone=str(data.get("phone") or ""),
        email=str(data.get("email") or ""),
        address=str(data.get("address") or ""),
    )
    fees = [
        dossiers.FeeInput(label=fee.label or _("Fee"), amount=fee.amount, currency=fee.currency)
        for channel in version.channels.all()
        if channel.channel == "online"
        for fee in channel.fees.all()
        if fee.amount
    ]
    try:
        dossier = dossiers.submit_online(
            citizen=citizen,
            procedure_code=version.procedure.code,
            applicant=applicant,
            documents=documents,
            agency_code=str(data["agency"]),
            return_method=str(data["return_method"]),
            return_address=str(data.get("return_address") or ""),
            fees=fees,
            reusable_from=applicant_ids(citizen),
        )
    except DossierError as error:
        raise Incomplete({error.code: error.message}) from error
    _tell_me(dossier, citizen, bool(data.get("notify_sms")), bool(data.get("notify_email")))
    accounts.remember_applicant(
        user=citizen, kind=applicant.kind, id_number=applicant.id_number, address=applicant.address
    )
    return dossier


def _tell_me(dossier: Dossier, citizen: User, sms: bool, email: bool) -> None:
    """How the applicant is told from now on, when the account speaks for them or the record is new (typed
    online, never checked at a counter): an account does not change the preferences of someone else."""
    applicant = Applicant.objects.get(pk=dossier.applicant_id)
    if applicant.checked_at is None or applicant.pk in applicant_ids(citizen):
        set_preference(applicant=applicant, language=citizen.language, email=email, sms=sms)


def discard_draft(*, citizen: User, draft_id: int) -> bool:
    """Throw a draft away; the files stay in my documents."""
    deleted, _rows = Draft.objects.filter(pk=draft_id, citizen=citizen).delete()
    return bool(deleted)
