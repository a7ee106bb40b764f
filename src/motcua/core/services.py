"""Writes to the organisation: agencies, centres, counters, staff and their roles, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from motcua.core.models import Agency, ApiScope, ApiToken, Centre, Counter, Role, RoleAssignment, User


def upsert_agency(
    *,
    code: str,
    name: str,
    level: str,
    kind: str,
    parent: Agency | None = None,
    short_name: str = "",
    catalog_names: Iterable[str] = (),
) -> Agency:
    """Create the agency or bring it up to date; the province key follows the parent."""
    province = None
    if parent is not None:
        province = parent if parent.level == "province" and parent.parent_id is None else parent.province
    agency, _created = Agency.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "short_name": short_name,
            "level": level,
            "kind": kind,
            "parent": parent,
            "province": province,
            "catalog_names": "\n".join(catalog_names),
        },
    )
    return agency


def upsert_centre(*, code: str, name: str, agency: Agency, address: str = "") -> Centre:
    centre, _created = Centre.objects.update_or_create(
        code=code, defaults={"name": name, "agency": agency, "address": address}
    )
    return centre


def upsert_counter(*, centre: Centre, number: int, name: str, agencies: Iterable[Agency]) -> Counter:
    counter, _created = Counter.objects.update_or_create(centre=centre, number=number, defaults={"name": name})
    counter.agencies.set(list(agencies))
    return counter


@transaction.atomic
def upsert_staff(
    *,
    username: str,
    full_name: str,
    password: str | None = None,
    roles: Iterable[tuple[str, Agency]] = (),
    counter: Counter | None = None,
    email: str = "",
    include_subtree: bool = True,
) -> User:
    """Create the staff account (or update its name) and grant these roles (for the agencies below too, unless
    include_subtree is False); existing passwords are kept."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "email": email})
    user.full_name = full_name
    user.is_staff = any(role == Role.ADMINISTRATOR for role, _agency in roles) or user.is_staff
    if created and password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    for role, agency in roles:
        RoleAssignment.objects.update_or_create(
            user=user,
            role=role,
            agency=agency,
            defaults={"counter": counter if role == Role.COUNTER_OFFICER else None, "include_subtree": include_subtree},
        )
    return user


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_token(*, user: User, name: str, rate_limit: int | None = None) -> tuple[ApiToken, str]:
    """A new bearer token acting as `user` (with their roles); the raw value is returned once and never stored."""
    raw = "mc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, rate_limit=rate_limit, prefix=raw[:10], digest=_digest(raw))
    return token, raw


class TokenError(ValueError):
    """A system token that cannot be issued as asked (an unknown scope, no system name)."""


@transaction.atomic
def issue_system_token(
    *,
    system: str,
    scopes: Iterable[str],
    name: str = "",
    rate_limit: int | None = None,
    account: User | None = None,
) -> tuple[ApiToken, str]:
    """A new bearer token for another system with these scopes; it acts as `account`, by default the system's own
    account (created without roles or password: grant it a role to let it read an agency's dossiers)."""
    system = system.strip()
    wanted = list(dict.fromkeys(scopes))
    unknown = sorted(set(wanted) - set(ApiScope.values))
    if not system or len(system) > 100:
        raise TokenError("the system's name must have 1 to 100 characters")
    if unknown or not wanted:
        raise TokenError(f"scopes must be among {', '.join(ApiScope.values)}; not {', '.join(unknown) or 'none'}")
    if rate_limit is not None and not 1 <= rate_limit <= 100_000:
        raise TokenError("the rate limit must be between 1 and 100000 requests a minute")
    if account is None:
        username = ("system-" + (slugify(system) or secrets.token_hex(4)))[:150]
        account, created = User.objects.get_or_create(username=username, defaults={"full_name": system[:255]})
        if created:
            account.set_unusable_password()  # the account never logs in to the pages: only its tokens are used
            account.save(update_fields=["password"])
    raw = "mc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=account,
        name=(name or system)[:100],
        kind=ApiToken.Kind.SYSTEM,
        system=system,
        scopes=wanted,
        rate_limit=rate_limit,
        prefix=raw[:10],
        digest=_digest(raw),
    )
    return token, raw


def find_api_token(raw: str) -> ApiToken | None:
    """The live token with this raw value (its user loaded), or None; notes when it was last used."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most one write a minute per token
    return token


def authenticate_api_token(raw: str) -> User | None:
    token = find_api_token(raw)
    return None if token is None else token.user


def revoke_api_token(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
