"""Citizens' ID numbers, phone numbers, look-up secrets and one-time codes never reach the logs unmasked."""

from __future__ import annotations

import logging
import re

# 9–12 digit runs (CCCD, CMND, tax codes, phone numbers) keep their last 3 digits; look-up secrets vanish.
_NUMBER = re.compile(r"(?<!\d)(\+?84|0)?(\d{6,9})(\d{3})(?!\d)")
# Query parameters (and form fields echoed in a log) whose whole value is personal or secret, whatever its shape
# (a phone typed with spaces, an e-mail address, a token).
_SENSITIVE = (
    "secret",
    "bi-mat",
    "bi_mat",
    "bi%2dmat",
    "id_number",
    "so_giay_to",
    "cccd",
    "phone",
    "dien_thoai",
    "contact",
    "email",
    "password",
    "token",
    "otp",
)
_SECRET = re.compile(r"((?<![\w-])(?:" + "|".join(map(re.escape, _SENSITIVE)) + r")=)[^&\s\"']+", re.IGNORECASE)
# A one-time code: six digits on their own (not part of a dossier code, a date or an amount).
_CODE = re.compile(r"(?<![\d\-./,:])\d{6}(?![\d\-/]|[.,:]\d)")


def mask(text: str) -> str:
    text = _SECRET.sub(r"\1***", text)
    return _NUMBER.sub(lambda m: "*" * (len(m.group(0)) - 3) + m.group(3), text)


def mask_codes(text: str) -> str:
    """`mask`, and one-time codes hidden too: what a console backend prints when the site is not in debug mode."""
    return _CODE.sub("******", mask(text))


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
