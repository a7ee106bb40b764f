"""The reception form: what the officer typed, read back from the request, checked, and kept whole so that a
page shown again with an error loses nothing (typed values, ticks, counts and attached file ids)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.catalog.models import ChannelFee, RequiredDocument
from motcua.core import text
from motcua.core.params import parse_id, parse_int
from motcua.desk.selectors.reception import ReceptionProcedure, looks_like_id_number, normalise_id_number
from motcua.dossiers import services
from motcua.dossiers.models import PaymentMethod
from motcua.receipts.services.collect import COUNTER_METHODS

APPLICANT_FIELDS = ("name", "phone", "email", "address")
OUTCOMES = ("receive", "resolve_now", "guide", "refuse")
MAX_COUNT = 99
# What the database and the printed forms take (dossiers.actions: a reason or an item of at most 2000 characters,
# at most 100 items); longer input is explained, never cut silently.
TEXT_LIMITS = {"name": 255, "email": 254, "address": 255, "phone": 20}
MAX_REASON, MAX_ITEMS, MAX_ITEM = 2000, 100, 2000


@dataclass
class Line:
    """One required document: handed in or not, how many originals and copies, the scans attached."""

    index: int
    name: str
    originals: str = "0"
    copies: str = "0"
    given: bool = False
    file_ids: list[int] = field(default_factory=list)  # scans uploaded for this line
    reused_ids: list[int] = field(default_factory=list)  # documents from the applicant's store
    files: list = field(default_factory=list)  # StoredFile rows of file_ids, for the names shown
    error: str = ""

    @property
    def included(self) -> bool:
        return self.given or bool(self.file_ids) or bool(self.reused_ids)

    @property
    def attached(self) -> list[int]:
        return list(dict.fromkeys(self.file_ids + self.reused_ids))


@dataclass
class FeeLine:
    index: int
    channel: str
    label: str
    amount: str
    method: str = PaymentMethod.CASH  # "" : not now, collected when the result is returned
    error: str = ""


@dataclass
class ReceptionForm:
    procedure: ReceptionProcedure
    channel: str = ""
    agency: str = ""
    kind: str = "person"
    id_number: str = ""
    looked_up: str = ""  # the ID number whose stored details filled the fields
    recheck_contact: bool = False  # a new phone/e-mail checked against the identity card in hand
    applicant: dict = field(default_factory=lambda: dict.fromkeys(APPLICANT_FIELDS, ""))
    return_method: str = "counter"
    return_address: str = ""
    lines: list[Line] = field(default_factory=list)
    fees: list[FeeLine] = field(default_factory=list)
    reuse: dict[int, int] = field(default_factory=dict)  # stored file id -> line index
    extra_items: str = ""
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def documents(self) -> list[RequiredDocument]:
        return list(self.procedure.version.documents.all())

    def fees_of(self, channel: str) -> list[FeeLine]:
        return [f for f in self.fees if f.channel == channel]

    def all_file_ids(self) -> set[int]:
        return {i for line in self.lines for i in line.file_ids} | set(self.reuse)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(line.error for line in self.lines) or any(f.error for f in self.fees)


def _count(value: int | None) -> str:
    return str(value or 0)


def blank_form(procedure: ReceptionProcedure) -> ReceptionForm:
    """The form as first shown: every document with its published counts, the catalog's fees."""
    form = ReceptionForm(procedure=procedure)
    channels = [c.channel for c in procedure.channels]
    form.channel = "counter" if "counter" in channels else (channels[0] if channels else "")
    form.agency = procedure.agencies[0].code if len(procedure.agencies) == 1 else ""
    form.lines = [
        Line(index=i, name=d.name, originals=_count(d.originals), copies=_count(d.copies))
        for i, d in enumerate(form.documents)
    ]
    form.fees = _catalog_fees(procedure)
    return form


def _catalog_fees(procedure: ReceptionProcedure) -> list[FeeLine]:
    rows: list[FeeLine] = []
    for channel in procedure.channels:
        # An amount the catalog flags as impossible (50 đồng) is never offered: the officer types the real one.
        payable: list[ChannelFee] = [f for f in channel.fees.all() if f.amount and not f.needs_review]
        rows += [
            FeeLine(index=j, channel=channel.channel, label=f.label or _("Fee"), amount=str(f.amount))
            for j, f in enumerate(payable)
        ]
    return rows


def _ids(values: list[str]) -> list[int]:
    seen: list[int] = []
    for value in values:
        file_id = parse_id(value)
        if file_id is not None and file_id not in seen:
            seen.append(file_id)
    return seen


def read_form(procedure: ReceptionProcedure, data) -> ReceptionForm:
    """Everything the officer typed, as typed (checks come after, in `check`)."""
    form = blank_form(procedure)
    form.channel = data.get("channel", form.channel)
    form.agency = data.get("agency", form.agency)
    form.kind = data.get("kind", "person")
    form.id_number = normalise_id_number(data.get("id_number", ""))
    form.looked_up = data.get("looked_up", "")
    form.recheck_contact = bool(data.get("recheck_contact"))
    form.applicant = {name: data.get(name, "").strip() for name in APPLICANT_FIELDS}
    form.return_method = data.get("return_method", "counter")
    form.return_address = data.get("return_address", "").strip()
    form.extra_items = data.get("extra_items", "")
    form.reason = data.get("reason", "")
    for line in form.lines:
        prefix = f"doc-{line.index}-"
        line.given = bool(data.get(prefix + "given"))
        line.originals = data.get(prefix + "originals", line.originals).strip()
        line.copies = data.get(prefix + "copies", line.copies).strip()
        line.file_ids = _ids(data.getlist(prefix + "file_ids"))
    for fee in form.fees:
        prefix = f"fee-{fee.channel}-{fee.index}-"
        fee.amount = data.get(prefix + "amount", fee.amount).strip()
        fee.method = data.get(prefix + "method", fee.method)
    for file_id in _ids(data.getlist("reuse")):
        target = data.get(f"reuse_to-{file_id}", "")
        position = parse_int(target)
        if position is not None and position < len(form.lines):
            form.reuse[file_id] = position
            form.lines[position].reused_ids.append(file_id)
    return form


def _number(value: str) -> int | None:
    return parse_int(value)


def check(form: ReceptionForm, outcome: str) -> None:
    """Field by field, a clear message beside what is wrong."""
    errors = form.errors
    name = form.applicant["name"]
    if not name:
        errors["name"] = _("Enter the applicant's name.")
    if form.id_number and not looks_like_id_number(form.id_number):
        errors["id_number"] = _("Enter a 12-digit citizen ID number (CCCD) or a tax code of 10 or 13 digits.")
    elif not form.id_number and outcome in {"receive", "resolve_now"}:
        errors["id_number"] = _("Enter the applicant's citizen ID number (CCCD) or tax code.")
    if form.applicant["email"]:
        try:
            validate_email(form.applicant["email"])
        except ValidationError:
            errors["email"] = _("This email address is not valid.")
    phone = re.sub(r"[\s.()-]", "", form.applicant["phone"])
    if phone and not re.fullmatch(r"\+?\d{8,15}", phone):
        errors["phone"] = _("Enter a phone number of 8 to 15 digits.")
    for name, limit in TEXT_LIMITS.items():
        if len(form.applicant[name]) > limit:
            errors[name] = _("At most %(n)d characters.") % {"n": limit}
    if len(form.return_address) > TEXT_LIMITS["address"]:
        errors["return_address"] = _("At most %(n)d characters.") % {"n": TEXT_LIMITS["address"]}
    if outcome in {"guide", "refuse"} and not form.reason.strip():
        errors["reason"] = _("Write the reason: it is printed on the form handed to the applicant.")
    elif len(form.reason) > MAX_REASON:
        errors["reason"] = _("At most %(n)d characters.") % {"n": MAX_REASON}
    items = visit_items(form)
    if outcome == "guide" and not items:
        errors["extra_items"] = _("Untick the documents that are missing, or list them here.")
    elif len(items) > MAX_ITEMS or any(len(item) > MAX_ITEM for item in items):
        errors["extra_items"] = _("List at most %(n)d documents, each of at most %(chars)d characters.") % {
            "n": MAX_ITEMS,
            "chars": MAX_ITEM,
        }
    if outcome not in {"receive", "resolve_now"}:
        return
    if form.procedure.channel(form.channel) is None:
        errors["channel"] = _("Choose how the dossier was submitted.")
    if len(form.procedure.agencies) > 1 and form.agency not in {a.code for a in form.procedure.agencies}:
        errors["agency"] = _("Choose the agency that will handle the dossier.")
    if form.return_method == "post" and not (form.return_address or form.applicant["address"]):
        errors["return_address"] = _("Enter the address the result should be posted to.")
    for line in form.lines:
        for label, value in ((_("originals"), line.originals), (_("copies"), line.copies)):
            number = _number(value)
            if number is None or number > MAX_COUNT:
                line.error = _("The number of %(what)s must be from 0 to %(max)d.") % {"what": label, "max": MAX_COUNT}
    if not any(line.included for line in form.lines) and form.lines:
        errors["documents"] = _("Tick the documents the applicant handed in.")
    for fee in form.fees_of(form.channel):
        if _number(fee.amount) is None:
            fee.error = _("Enter the amount in dong, digits only.")
        elif fee.method and fee.method not in COUNTER_METHODS:
            fee.error = _("Choose how the fee was paid.")


def visit_items(form: ReceptionForm) -> list[str]:
    """The documents to complete (Mẫu 02): the unticked lines, then any the officer listed."""
    missing = [line.name for line in form.lines if not line.included]
    extra = [item.strip(" -•\t") for item in form.extra_items.splitlines()]
    return missing + [item for item in extra if item]


def applicant_input(form: ReceptionForm) -> services.ApplicantInput:
    kind = form.kind if form.kind in {"person", "organisation"} else "person"
    return services.ApplicantInput(id_number=form.id_number, kind=kind, **form.applicant)


def document_inputs(form: ReceptionForm) -> list[services.DocumentInput]:
    return [
        services.DocumentInput(
            name=line.name, originals=int(line.originals), copies=int(line.copies), file_ids=line.attached
        )
        for line in form.lines
        if line.included
    ]


def fee_inputs(form: ReceptionForm) -> list[services.FeeInput]:
    """The fees, written unpaid: those paid now are collected right after (collection_methods), through the
    cashier's service, which issues their e-receipts; no receipt number is typed."""
    return [
        services.FeeInput(label=f.label, amount=int(f.amount)) for f in form.fees_of(form.channel) if int(f.amount) > 0
    ]


def collection_methods(form: ReceptionForm) -> list[str]:
    """How each fee of fee_inputs (same order) is paid now; "" for one collected at return."""
    return [f.method for f in form.fees_of(form.channel) if int(f.amount) > 0]


@dataclass
class ReuseChoice:
    file: object  # StoredFile
    target: int  # the document line it goes to
    checked: bool


def reuse_choices(form: ReceptionForm, stored: list) -> list[ReuseChoice]:
    """The applicant's stored documents, each aimed at the line whose name matches its title best."""
    folded = [text.fold(line.name) for line in form.lines]
    choices = []
    for file in stored:
        title = text.fold(file.title or file.original_name)
        guess = next((i for i, name in enumerate(folded) if title and (title in name or name in title)), 0)
        choices.append(ReuseChoice(file, form.reuse.get(file.pk, guess), file.pk in form.reuse))
    return choices
