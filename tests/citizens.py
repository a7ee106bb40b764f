"""Citizens' accounts made through the real services, as a person would: the code read from the outbox (their
phone), then typed. Plain functions, for unit tests and the browser suite alike:

    user = make_citizen(phone="0987654321")
    code = last_code("0987654321")            # the latest one-time code sent there
    pdf = PDF                                 # a small valid PDF to upload
"""

from __future__ import annotations

import re

from django.test import TestCase

from motcua.accounts import services
from motcua.core.models import User
from motcua.notifications.models import Message

PASSWORD = "motcua@2026"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def last_code(destination: str) -> str:
    """The six digits of the latest one-time code queued for this phone or e-mail (what the person reads)."""
    body = (
        Message.objects.filter(kind="one_time_code", recipient=destination)
        .order_by("-pk")
        .values_list("body", flat=True)
        .first()
    )
    assert body, f"no code was sent to {destination}"
    return re.search(r"(?<!\d)(\d{6})(?!\d)", body).group(1)


def make_citizen(
    *,
    phone: str = "0987654321",
    email: str = "",
    name: str = "Đỗ Minh Khoa",
    password: str = PASSWORD,
    client: str = "10.0.0.1",
) -> User:
    """Registered with the phone (or the e-mail), the code typed: the account exists and is verified."""
    contact = email or phone
    with TestCase.captureOnCommitCallbacks(execute=True):  # the code is queued when the registration commits
        pending = services.start_registration(
            contact=contact, name=name, password=password, language="vi", client=client
        )
    return services.finish_registration(token=pending.token, code=last_code(pending.destination))
