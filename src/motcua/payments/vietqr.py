"""VietQR: the NAPAS 247 bank-transfer QR code (EMVCo merchant-presented QR, NAPAS profile), and the short
payment code a citizen's bank copies into the transfer's content. Pure Python (sources: docs/payments.md).

The payload is a string of TLV objects: a 2-digit ID, a 2-digit length (characters), the value. Templates (38,
62) hold TLV objects of their own. The CRC (ID 63) is CRC-16/CCITT-FALSE over everything before it, "6304"
included, written as 4 upper-case hex digits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"  # NAPAS' application identifier: tag 38 is a NAPAS account
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # inter-bank fund transfer to an account (QRIBFTTC: to a card)
CURRENCY_VND = "704"  # ISO 4217
COUNTRY = "VN"
STATIC, DYNAMIC = "11", "12"  # point of initiation: reusable, or one payment with its amount
REFERENCE_PREFIX = "MC"

# Some banks drop the spaces of a content ("CHUYENTIENMC1234"): letters may stand before a code; the check
# digit and the exact amount keep a chance match from paying the wrong fee.
_REFERENCE = re.compile(rf"{REFERENCE_PREFIX}(\d{{2,13}})(?!\d)")


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or not tag.isdigit():
        raise ValueError(f"an EMVCo tag is 2 digits: {tag!r}")
    if not 0 < len(value) <= 99:
        raise ValueError(f"tag {tag}: a value of 1 to 99 characters, not {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR), 4 hex digits."""
    crc = 0xFFFF
    for byte in data.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def ascii_text(text: str, limit: int) -> str:
    """Bank apps count characters and many show no diacritics: Vietnamese letters without their marks, other
    characters but letters, digits and spaces dropped."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", re.sub(r"[^0-9A-Za-z ]", " ", plain)).strip()[:limit]


@dataclass(frozen=True)
class Account:
    """The centre's receiving account: the bank's 6-digit BIN (NAPAS bank code) and the account number."""

    bank_bin: str
    number: str
    name: str = ""

    def __post_init__(self) -> None:
        if not (len(self.bank_bin) == 6 and self.bank_bin.isdigit()):
            raise ValueError("a bank BIN is 6 digits")
        if not (0 < len(self.number) <= 19 and self.number.isalnum()):
            raise ValueError("an account number is 1 to 19 letters or digits")


def payload(account: Account, *, amount: int | None = None, purpose: str = "") -> str:
    """The text a VietQR code holds: a dynamic code for one transfer of `amount` đồng with `purpose` as the
    transfer's content, or a static one (no amount)."""
    if amount is not None and amount <= 0:
        raise ValueError("a transfer needs a positive amount")
    beneficiary = tlv("00", account.bank_bin) + tlv("01", account.number)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    text = tlv("00", "01") + tlv("01", DYNAMIC if amount is not None else STATIC) + tlv("38", merchant)
    text += tlv("53", CURRENCY_VND)
    if amount is not None:
        text += tlv("54", str(amount))
    text += tlv("58", COUNTRY)
    purpose = ascii_text(purpose, 25)  # 62/08 "purpose of transaction": the content most banks copy
    if purpose:
        text += tlv("62", tlv("08", purpose))
    text += "6304"
    return text + crc16_ccitt_false(text)


def parse(text: str) -> dict[str, str]:
    """The top-level TLV objects of a payload (for checks and tests); raises ValueError when malformed or when
    its CRC does not match."""
    if len(text) < 8 or text[-8:-4] != "6304" or crc16_ccitt_false(text[:-4]) != text[-4:].upper():
        raise ValueError("not a payload with a valid CRC")
    return parse_tlv(text)


def parse_tlv(text: str) -> dict[str, str]:
    found, at = {}, 0
    while at < len(text):
        tag, length = text[at : at + 2], text[at + 2 : at + 4]
        if not length.isdigit() or at + 4 + int(length) > len(text):
            raise ValueError(f"malformed TLV at {at}")
        found[tag] = text[at + 4 : at + 4 + int(length)]
        at += 4 + int(length)
    return found


def check_digit(digits: str) -> str:
    """Luhn's check digit: one mistyped digit, or two neighbours swapped, give a code that matches no fee."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def reference(fee_id: int) -> str:
    """The payment code of a fee, for the transfer's content: "MC", the fee's number, a check digit."""
    if fee_id <= 0:
        raise ValueError("a fee id is positive")
    return f"{REFERENCE_PREFIX}{fee_id}{check_digit(str(fee_id))}"


def fee_ids_in(description: str) -> set[int]:
    """The fees whose payment codes a transfer's content holds (check digit right). Banks upper-case, cut and
    re-punctuate contents, so a code is found anywhere not followed by another digit."""
    found = set()
    for digits in _REFERENCE.findall(ascii_text(description, 500).upper()):
        if len(digits) >= 2 and check_digit(digits[:-1]) == digits[-1]:
            found.add(int(digits[:-1]))
    return found
