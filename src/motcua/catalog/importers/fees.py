"""Fee cells of the national database: "Miễn phí", "160,000 Việt Nam Đồng", "Phí : 2.000.000 Đồng (...)",
"Lệ phí : 1.5 USD", several fees in one cell, or free text."""

import re

from motcua.catalog.importers.common import balanced_end, is_unknown, parse_number
from motcua.catalog.importers.records import (
    Fee,
)
from motcua.core.text import clean, fold

# --- fees ----------------------------------------------------------------------------------------

_CURRENCIES = {"viet nam dong": "VND", "vnd": "VND", "dong": "VND", "usd": "USD", "eur": "EUR"}
_FEE_LABEL = re.compile(r"^(Lệ phí|Phí)\s*:\s*", re.IGNORECASE)
_FEE_PARTS = re.compile(r"\n(?=(?:Lệ phí|Phí)\s*:)", re.IGNORECASE)
# An amount (digits, "Không" = none, "o" = a typo for 0 seen in the exports) and its currency.
_FEE_AMOUNT = re.compile(
    r"^(?P<num>\d[\d.,]*|không|o)?\s*(?P<cur>Việt Nam Đồng|VNĐ|VND|Đồng|USD|EUR)(?![^\W\d_])",
    re.IGNORECASE,
)
_FREE = re.compile(r"^miễn phí", re.IGNORECASE)


def parse_fees(text: str | None) -> list[Fee]:
    """Read a fee cell into fees; one cell may hold several ("Phí : ...\\nLệ phí : ...").

    Amounts are whole currency units; an amount that is not whole (1.5 USD) keeps amount None and the
    source text in the note, so nothing is lost and nothing is rounded.
    """
    text = clean(text)
    if is_unknown(text):
        return []
    fees: list[Fee] = []
    for part in _FEE_PARTS.split(text):
        part, attachment = _split_attachment(part)
        fee = _parse_fee_part(part)
        if fee is None:
            continue
        if attachment:
            fee.note = f"{fee.note}\n{attachment}".strip()
        fees.append(fee)
    return fees


def _split_attachment(part: str) -> tuple[str, str]:
    """Separate a trailing "File đính kèm: x.pdf" line (ministry exports) from the fee text."""
    head, sep, tail = part.partition("\nFile đính kèm:")
    return head.strip(), (f"File đính kèm:{tail}".strip() if sep else "")


def _parse_fee_part(part: str) -> Fee | None:
    label = ""
    match = _FEE_LABEL.match(part)
    if match:
        label = "Lệ phí" if fold(match.group(1)) == "le phi" else "Phí"
        part = part[match.end() :]
    part = clean(part, keep_newlines=False)  # a line break inside a cell is a space (and two, one)
    if _FREE.match(part):
        return Fee(amount=0, note=_unwrap(part[len("miễn phí") :]), label=label)
    match = _FEE_AMOUNT.match(part)
    if not match:
        return Fee(amount=None, note=_unwrap(part), label=label) if not is_unknown(part) else None
    currency = _CURRENCIES[fold(match.group("cur"))]
    rest = _unwrap(part[match.end() :])
    number = match.group("num")
    if number is None:  # "Phí :  Đồng (Theo quy định của Bộ Tài chính)": the amount cell was empty
        return Fee(amount=None, currency=currency, note=rest, label=label) if rest else None
    if fold(number) in {"khong", "o"}:
        return Fee(amount=0, currency=currency, note=rest, label=label)
    amount = parse_number(number)
    if amount is None or amount != amount.to_integral_value():
        return Fee(amount=None, currency=currency, note=part, label=label)
    return Fee(amount=int(amount), currency=currency, note=rest, label=label)


def _unwrap(text: str) -> str:
    """A clean fee description without one pair of enclosing parentheses: "(Thông tư ...)"."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and balanced_end(text, 0) == len(text):
        text = text[1:-1].strip()
    return "" if is_unknown(text) else text


# --- amounts that cannot be right ------------------------------------------------------------------

SMALLEST_PLAUSIBLE_VND = 1000  # no fee or charge in Vietnam is set below 1.000 đồng
_NOTE_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d{4,})\s*(?:đồng|đ\b|vnđ|vnd)", re.IGNORECASE)


def is_doubtful(amount: int | None, currency: str) -> bool:
    """Whether an amount read from the source cannot be a real fee: a positive amount of đồng under 1.000 ("50
    VNĐ" where the note says 25.000 đồng, "20 VNĐ" for a 20 USD fee, an extra "1 đồng"). It is kept, flagged for
    an administrator to confirm, and never offered as the amount to collect."""
    return currency == "VND" and amount is not None and 0 < amount < SMALLEST_PLAUSIBLE_VND


def amount_in_note(note: str) -> int | None:
    """The first amount of đồng the note quotes ("áp dụng mức phí 25.000 đồng/hồ sơ" → 25000), if any."""
    found = _NOTE_AMOUNT.search(note or "")
    return int(re.sub(r"[.,]", "", found.group(1))) if found else None
