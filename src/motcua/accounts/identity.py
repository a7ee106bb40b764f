"""Log-in with the national identity (VNeID, the national portal's SSO) through OpenID Connect: the use case that
turns a verified ID token into an account, linked by the ID number the token carries.

The first log-in of an identity links it to the account that already has its ID number (one citizen account whose
profile has it) or creates one; later log-ins find the link. The link's ID number and subject are unique, so two
log-ins at the same moment end in one account: the second insert fails and reads the first's link. ID numbers and
subjects are never logged."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import CitizenProfile, IdentityLink
from motcua.core import text
from motcua.core.models import User

log = logging.getLogger(__name__)

# A CCCD has 12 digits, an old CMND 9; a tax code (for a business's representative) 10 or 13 with a dash.
ID_NUMBER = re.compile(r"^[0-9]{9}$|^[0-9]{12}$")
MAX_CLAIM = 255


class IdentityError(Exception):
    pass


@dataclass(frozen=True)
class Identity:
    """What a verified ID token says (signature, issuer, audience, nonce and expiry already checked)."""

    issuer: str
    subject: str
    id_number: str
    name: str
    phone: str = ""  # only when the provider says it verified it
    email: str = ""


def identity_from_claims(claims: dict[str, object], *, issuer: str, id_claim: str) -> Identity:
    """The identity in an ID token's claims; refuses a token without a well-formed ID number or subject."""
    subject = str(claims.get("sub") or "")[:MAX_CLAIM]
    id_number = re.sub(r"\s", "", str(claims.get(id_claim) or ""))[:32]
    if not subject or not ID_NUMBER.match(id_number):
        raise IdentityError(_("The national identity did not give a valid ID number."))
    name = text.clean(str(claims.get("name") or ""), keep_newlines=False)[:150]
    phone = str(claims.get("phone_number") or "")[:32] if claims.get("phone_number_verified") is True else ""
    email = str(claims.get("email") or "")[:254] if claims.get("email_verified") is True else ""
    return Identity(
        issuer=issuer[:MAX_CLAIM], subject=subject, id_number=id_number, name=name, phone=phone, email=email
    )


def sign_in(*, identity: Identity, now: datetime | None = None) -> User:
    """The account of this identity, linked or created on its first log-in."""
    now = now or timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                user = _link(identity, now)
            break
        except IntegrityError:
            # Another log-in of the same identity linked it meanwhile: the next round finds its link.
            log.info("identity log-in: concurrent first log-in, reading the other's link")
    else:
        raise IdentityError(_("Log-in with the national identity failed. Please try again."))
    if not user.is_active:  # an account the centre closed stays closed, whatever the provider says
        raise IdentityError(_("This account is closed. Please contact the centre."))
    return user


def _link(identity: Identity, now: datetime) -> User:
    link = IdentityLink.objects.select_for_update().select_related("user").filter(id_number=identity.id_number).first()
    if link is None:
        user = _existing_account(identity.id_number) or _new_account(identity)
        link = IdentityLink.objects.create(
            user=user, issuer=identity.issuer, subject=identity.subject, id_number=identity.id_number
        )
        log.info("identity log-in: identity linked to account %s", user.pk)
    elif (link.issuer, link.subject) != (identity.issuer, identity.subject):
        # The same person through another provider (or a provider that changed its subjects): same account.
        link.issuer, link.subject = identity.issuer, identity.subject
    link.last_login_at = now
    link.save()
    return link.user


def _existing_account(id_number: str) -> User | None:
    """The one citizen account whose profile holds this ID number; none when several do (nobody can tell which
    is the person's, so a new one is made rather than opening a stranger's)."""
    profiles = list(CitizenProfile.objects.select_related("user").filter(id_number=id_number)[:2])
    if len(profiles) != 1:
        return None
    profile = profiles[0]
    if not profile.identified:
        profile.identified = True
        profile.save(update_fields=["identified"])
    return profile.user


def _new_account(identity: Identity) -> User:
    phone = text.phone_number(identity.phone) if identity.phone and text.is_phone_number(identity.phone) else ""
    email = text.email_address(identity.email) if identity.email else ""
    # A contact that another account already holds stays with that account.
    if phone and CitizenProfile.objects.filter(phone=phone).exists():
        phone = ""
    if email and CitizenProfile.objects.filter(email=email).exists():
        email = ""
    user = User(
        username=f"citizen-{uuid.uuid4().hex[:16]}", full_name=identity.name, email=email, phone=phone, language="vi"
    )
    user.set_unusable_password()  # logs in through the national identity until a password is chosen
    user.save()
    CitizenProfile.objects.create(
        user=user, phone=phone or None, email=email or None, id_number=identity.id_number, identified=True
    )
    return user
