"""Writes of citizens' accounts: register, verify, reset a password, add a contact, keep the profile.

Nothing here tells a caller whether a phone number or an e-mail has an account: registering an address that
already has one, or asking a reset for one that has none, answers the same way (the owner of an existing
account is told by a message instead). Codes are rate-limited per destination and per client address on the
shared database counter (`core.ratelimit`), and a code dies after five wrong tries or ten minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import CitizenProfile, OneTimeCode, Purpose
from motcua.core import ratelimit, text
from motcua.core.models import User
from motcua.core.throttle import record_login_success
from motcua.dossiers.models import StoredFile
from motcua.dossiers.services.files import Upload as StoredUpload
from motcua.dossiers.services.files import store_upload
from motcua.notifications.services import enqueue
from motcua.notifications.sms import mask

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
CODES_PER_DESTINATION_PER_HOUR = 3
CODES_PER_ADDRESS_PER_HOUR = 10
HOUR = 3600


class AccountError(Exception):
    def __init__(self, code: str, message: str, *, field: str = ""):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class Contact:
    kind: str  # "phone" | "email"
    value: str  # as stored and compared


def parse_contact(raw: str) -> Contact:
    """A phone number or an e-mail address, as the citizen typed it."""
    raw = (raw or "").strip()
    if "@" in raw:
        value = text.email_address(raw)
        try:
            validate_email(value)
        except ValidationError as exc:
            raise AccountError("contact", _("Enter a valid e-mail address."), field="contact") from exc
        return Contact("email", value)
    if text.is_phone_number(raw):
        return Contact("phone", text.phone_number(raw))
    raise AccountError("contact", _("Enter a phone number (10 digits) or an e-mail address."), field="contact")


def profile_for(contact: Contact) -> CitizenProfile | None:
    return CitizenProfile.objects.select_related("user").filter(**{contact.kind: contact.value}).first()


# --- one-time codes --------------------------------------------------------------------------------------------


def _digest(token: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{token}:{code}".encode(), hashlib.sha256).hexdigest()


def _check_rate(contact: Contact, client: str) -> None:
    per_destination = ratelimit.allowed(f"otp:{contact.value}", CODES_PER_DESTINATION_PER_HOUR, window_seconds=HOUR)
    per_address = ratelimit.allowed(f"otp-addr:{client}", CODES_PER_ADDRESS_PER_HOUR, window_seconds=HOUR)
    if not (per_destination and per_address):
        raise AccountError("too_many", _("Too many codes were asked for. Please wait an hour and try again."))


def _send(kind: str, contact: Contact, language: str, context: dict) -> None:
    """Through the outbox once the transaction commits: `motcua worker` sends it."""
    target = {"to_phone": contact.value} if contact.kind == "phone" else {"to_email": contact.value}
    transaction.on_commit(lambda: enqueue(kind, language=language, context=context, **target), robust=True)


def _issue(
    *,
    purpose: str,
    contact: Contact,
    language: str,
    user: User | None = None,
    payload: dict | None = None,
    send: bool = True,
    now: datetime,
) -> OneTimeCode:
    """A new code for `contact`; `send=False` makes one that is never sent (the same page follows, so the answer
    does not tell whether the contact has an account)."""
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**6):06d}"
    row = OneTimeCode.objects.create(
        token=token,
        purpose=purpose,
        destination=contact.value,
        code_digest=_digest(token, code),
        payload=payload or {},
        user=user,
        created_at=now,
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    if send:
        _send("one_time_code", contact, language, {"otp": code, "minutes": CODE_MINUTES})
    return row


def resend_code(*, token: str, client: str, language: str = "vi", now: datetime | None = None) -> OneTimeCode:
    """A fresh code on the same page (the old one stops working): for a message that did not arrive."""
    now = now or timezone.now()
    with transaction.atomic():
        row = OneTimeCode.objects.select_for_update().filter(token=token, used_at__isnull=True).first()
        if row is None:
            raise AccountError("expired", _("This code has expired. Start again."))
        contact = Contact("email" if "@" in row.destination else "phone", row.destination)
        _check_rate(contact, client)
        code = f"{secrets.randbelow(10**6):06d}"
        row.code_digest, row.attempts = _digest(row.token, code), 0
        row.expires_at = now + timedelta(minutes=CODE_MINUTES)
        row.save(update_fields=["code_digest", "attempts", "expires_at"])
        if not row.payload.get("decoy"):
            _send("one_time_code", contact, language, {"otp": code, "minutes": CODE_MINUTES})
    return row


def _use(token: str, code: str, purpose: str, now: datetime) -> OneTimeCode:
    """The code row when `code` is right (then it is used up); a wrong try counts even though this raises."""
    with transaction.atomic():
        row = OneTimeCode.objects.select_for_update().filter(token=token, purpose=purpose).first()
        if row is None or row.used_at is not None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
            raise AccountError("expired", _("This code has expired or was used. Ask for a new one."))
        right = not row.payload.get("decoy") and hmac.compare_digest(row.code_digest, _digest(token, code.strip()))
        if not right:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = MAX_ATTEMPTS - row.attempts
            wrong = AccountError(
                "wrong_code", _("The code is wrong. Tries left: %(left)d.") % {"left": left}, field="code"
            )
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            wrong = None
    if wrong is not None:  # raised after the count was committed
        raise wrong
    return row


def pending_contact(token: str) -> str:
    """What the code page shows: where the code went, masked (091****678, h***@example.com); "" if unknown."""
    row = OneTimeCode.objects.filter(token=token, used_at__isnull=True).values_list("destination", flat=True).first()
    return mask(row) if row else ""


# --- registration ----------------------------------------------------------------------------------------------


def start_registration(
    *, contact: str, name: str, password: str, language: str, client: str, now: datetime | None = None
) -> OneTimeCode:
    """Step 1: a code goes to the phone or e-mail; the account is created when it is typed (step 2). A contact that
    already has an account gets a message saying so instead, and this answers the same."""
    now = now or timezone.now()
    found = parse_contact(contact)
    name = text.clean(name, keep_newlines=False)[:150]
    if not name:
        raise AccountError("name", _("Enter your full name."), field="name")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise AccountError("password", " ".join(exc.messages), field="password") from exc
    _check_rate(found, client)
    with transaction.atomic():
        if profile_for(found) is not None:
            _send("account_exists", found, language, {})
            return _issue(
                purpose=Purpose.REGISTER, contact=found, language=language, payload={"decoy": True}, send=False, now=now
            )
        payload = {"name": name, "password": make_password(password), "language": language}
        return _issue(purpose=Purpose.REGISTER, contact=found, language=language, payload=payload, now=now)


def finish_registration(*, token: str, code: str, now: datetime | None = None) -> User:
    """Step 2: the right code creates the account with the verified contact."""
    now = now or timezone.now()
    row = _use(token, code, Purpose.REGISTER, now)
    contact = Contact("email" if "@" in row.destination else "phone", row.destination)
    return create_account(
        name=row.payload["name"],
        contact=contact,
        password_hash=row.payload["password"],
        language=row.payload.get("language", "vi"),
    )


def create_account(*, name: str, contact: Contact, password_hash: str, language: str = "vi") -> User:
    """An account whose contact is verified (by its code, or by the centre itself: the demo's citizen)."""
    try:
        with transaction.atomic():
            user = User(
                username=f"citizen-{uuid.uuid4().hex[:16]}",
                full_name=name,
                password=password_hash,
                language=language,
                email=contact.value if contact.kind == "email" else "",
                phone=contact.value if contact.kind == "phone" else "",
            )
            user.save()
            CitizenProfile.objects.create(user=user, **{contact.kind: contact.value})
    except IntegrityError as exc:  # registered meanwhile by another code sent to the same contact
        raise AccountError("exists", _("This phone or e-mail already has an account: log in.")) from exc
    return user


# --- password reset --------------------------------------------------------------------------------------------


def start_reset(*, contact: str, client: str, language: str, now: datetime | None = None) -> OneTimeCode:
    """A code to choose a new password, sent only when the contact has an account (the answer is the same)."""
    now = now or timezone.now()
    found = parse_contact(contact)
    _check_rate(found, client)
    profile = profile_for(found)
    with transaction.atomic():
        if profile is None:
            return _issue(
                purpose=Purpose.RESET, contact=found, language=language, payload={"decoy": True}, send=False, now=now
            )
        return _issue(
            purpose=Purpose.RESET, contact=found, language=profile.user.language or language, user=profile.user, now=now
        )


def finish_reset(*, token: str, code: str, password: str, now: datetime | None = None) -> User:
    now = now or timezone.now()
    row = OneTimeCode.objects.select_related("user").filter(token=token, purpose=Purpose.RESET).first()
    try:
        validate_password(password, user=row.user if row else None)
    except ValidationError as exc:
        raise AccountError("password", " ".join(exc.messages), field="password") from exc
    row = _use(token, code, Purpose.RESET, now)
    user = row.user
    user.set_password(password)
    user.save(update_fields=["password"])
    record_login_success(account=login_key(row.destination))  # a locked account opens with its new password
    return user


def login_key(contact_value: str) -> str:
    """The name the log-in throttle counts a citizen's failures under (apart from staff usernames)."""
    return f"citizen:{contact_value}"


def account_key(contact: str) -> str:
    """The throttle's name for a contact as typed at a log-in (phone in any form, or e-mail); what cannot be a
    contact is counted as typed, so that guessing it is throttled too."""
    try:
        return login_key(parse_contact(contact).value)
    except AccountError:
        return login_key(contact.strip().lower())


# --- a second contact ------------------------------------------------------------------------------------------


def start_adding_contact(*, user: User, contact: str, client: str, now: datetime | None = None) -> OneTimeCode:
    """A code to the new phone or e-mail; it is added when the code is typed. One that belongs to another account
    is refused after the code (the answer does not tell before)."""
    now = now or timezone.now()
    found = parse_contact(contact)
    _check_rate(found, client)
    with transaction.atomic():
        taken = profile_for(found)
        decoy = taken is not None and taken.user_id != user.pk
        return _issue(
            purpose=Purpose.ADD_CONTACT,
            contact=found,
            language=user.language,
            user=user,
            payload={"decoy": True} if decoy else {},
            send=not decoy,
            now=now,
        )


def finish_adding_contact(*, user: User, token: str, code: str, now: datetime | None = None) -> CitizenProfile:
    now = now or timezone.now()
    if not OneTimeCode.objects.filter(token=token, user=user, purpose=Purpose.ADD_CONTACT).exists():
        raise AccountError("expired", _("This code has expired or was used. Ask for a new one."))
    row = _use(token, code, Purpose.ADD_CONTACT, now)
    field = "email" if "@" in row.destination else "phone"
    try:
        with transaction.atomic():
            profile = CitizenProfile.objects.select_for_update().get(user=user)
            setattr(profile, field, row.destination)
            profile.save(update_fields=[field])
            setattr(user, field, row.destination)
            user.save(update_fields=[field])
    except IntegrityError as exc:
        raise AccountError("exists", _("This phone or e-mail belongs to another account.")) from exc
    return profile


# --- the profile -----------------------------------------------------------------------------------------------


def update_profile(
    *,
    user: User,
    name: str,
    kind: str,
    id_number: str,
    address: str,
    language: str,
    notify_sms: bool,
    notify_email: bool,
) -> CitizenProfile:
    """What prefills the e-forms, and how the citizen wants to be told."""
    name = text.clean(name, keep_newlines=False)[:150]
    if not name:
        raise AccountError("name", _("Enter your full name."), field="name")
    with transaction.atomic():
        profile = CitizenProfile.objects.select_for_update().get(user=user)
        profile.kind = kind if kind in ("person", "organisation") else "person"
        profile.id_number = id_number.strip()[:20]
        profile.address = text.clean(address, keep_newlines=False)[:255]
        profile.notify_sms, profile.notify_email = notify_sms, notify_email
        profile.save()
        user.full_name = name
        user.language = language if language in ("vi", "en") else "vi"
        user.save(update_fields=["full_name", "language"])
    return profile


def remember_applicant(*, user: User, kind: str, id_number: str, address: str) -> None:
    """After an online submission: what was typed fills the profile's empty fields for next time."""
    profile = CitizenProfile.objects.filter(user=user).first()
    if profile is None:
        return
    changed = []
    for field, value in (("kind", kind), ("id_number", id_number.strip()[:20]), ("address", address.strip()[:255])):
        if value and not getattr(profile, field):
            setattr(profile, field, value)
            changed.append(field)
    if changed:
        profile.save(update_fields=changed)


def forget_expired_codes(*, now: datetime | None = None) -> int:
    """Codes past their time are of no use to anybody: removed (the worker calls this)."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    deleted, _rows = OneTimeCode.objects.filter(expires_at__lt=cutoff).delete()
    return deleted


# --- my documents ----------------------------------------------------------------------------------------------


def add_document(*, user: User, data: StoredUpload, original_name: str, title: str = ""):
    """A scan or a photo into my store of documents, checked like every upload and within the account's quota
    (MOTCUA_CITIZEN_QUOTA_MB)."""
    title = text.clean(title, keep_newlines=False)[:500] or original_name[-255:]
    return store_upload(data=data, original_name=original_name, title=title, user=user, owner=user)


def remove_document(*, user: User, file_id: int) -> bool:
    """Out of my store. A file a dossier was submitted with stays with that dossier (only my copy goes)."""
    with transaction.atomic():
        stored = StoredFile.objects.select_for_update().filter(pk=file_id, owner=user).first()
        if stored is None:
            return False
        if stored.dossier_documents.exists() or stored.applicant_id is not None:
            stored.owner = None
            stored.save(update_fields=["owner"])
            return True
        name = stored.file.name
        stored.delete()
    transaction.on_commit(lambda: stored.file.storage.delete(name))
    return True
