"""Citizens' ID numbers, phone numbers and look-up secrets never reach the logs unmasked."""

from __future__ import annotations

import logging
import re

# 9–12 digit runs (CCCD, CMND, tax codes, phone numbers) keep their last 3 digits; look-up secrets vanish.
_NUMBER = re.compile(r"(?<!\d)(\+?84|0)?(\d{6,9})(\d{3})(?!\d)")
_SECRET = re.compile(r"((?:secret|bi-mat|bi_mat)=)[^&\s\"']+", re.IGNORECASE)


def mask(text: str) -> str:
    text = _SECRET.sub(r"\1***", text)
    return _NUMBER.sub(lambda m: "*" * (len(m.group(0)) - 3) + m.group(3), text)


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
