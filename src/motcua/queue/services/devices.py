"""The hall's devices (ticket kiosks), paired by staff: the device keeps a random token in a signed cookie and
only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.utils import timezone

from motcua.core.models import Centre, User
from motcua.queue.models import Device
from motcua.queue.services.access import check_centre_staff


def pair_device(*, officer: User, centre: Centre, kind: str, name: str, now: datetime | None = None) -> str:
    """Staff of the centre pair the device in front of them; returns the token the device keeps."""
    check_centre_staff(officer, centre)
    token = secrets.token_urlsafe(32)
    Device.objects.create(
        centre=centre,
        kind=kind,
        name=name.strip()[:80] or kind,
        token_hash=token_hash(token),
        paired_by=officer,
        paired_at=now or timezone.now(),
    )
    return token


def device_for(token: str) -> Device | None:
    """The paired device holding this token, if any."""
    if not token or len(token) > 64:
        return None
    return Device.objects.filter(token_hash=token_hash(token)).select_related("centre").first()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
