"""Vietnamese text rules shared by every app: storage form, search form and sort order. Pure Python.

- `clean`: what we store: NFC, no control characters, runs of spaces collapsed (sources mix NFC and NFD,
  non-breaking spaces and tabs).
- `fold`: what search compares: no diacritics, no case, "đ" as "d", punctuation as spaces; NFC and NFD
  input fold to the same string, so "giay phep xay dung" finds "Giấy phép xây dựng".
- `sort_key`: an ASCII key whose plain byte order is the Vietnamese dictionary order (a ă â b c d đ e ê ...,
  then tones: ngang, huyền, hỏi, ngã, sắc, nặng). Stored in a column, it sorts the same on every database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(text: str | None, *, keep_newlines: bool = True) -> str:
    """Normalise text for storage: NFC, tidy whitespace, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def fold(text: str | None) -> str:
    """The search form of a text: lower case ASCII words separated by single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def phone_number(value: str | None) -> str:
    """A Vietnamese phone number as stored and compared: digits only, national form ("+84 912 345 678" and
    "0912.345.678" are both "0912345678"). Anything that is not a plausible number is returned as digits."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if digits.startswith("84") and len(digits) in (11, 12):  # 84 + 9 or 10 national digits
        digits = "0" + digits[2:]
    return digits


def is_phone_number(value: str | None) -> bool:
    """A mobile or fixed number of Vietnam: 10 digits starting with 0 (fixed lines with an area code: 10-11)."""
    digits = phone_number(value)
    return digits.startswith("0") and 10 <= len(digits) <= 11


def email_address(value: str | None) -> str:
    """An e-mail address as stored and compared: stripped, lower case (providers ignore the case)."""
    return (value or "").strip().lower()


# --- Vietnamese collation -------------------------------------------------------------------------

_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_LETTER_RANK = {letter: 12 + i for i, letter in enumerate(_ALPHABET)}  # 00 separator, 01 space, 02-11 digits
_MODIFIERS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_WITH_MODIFIER = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
# Tone order of Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_PRIMARY_LETTERS = 100
_SECONDARY_LETTERS = 50


def sort_key(text: str | None) -> str:
    """A key made of digits only; comparing keys as plain strings gives Vietnamese order."""
    primary: list[str] = []
    tones: list[str] = []
    previous_space = True
    for base, marks in _letters(text or ""):
        if base.isspace():
            if not previous_space:
                primary.append("01")
            previous_space = True
            continue
        previous_space = False
        if base.isdigit() and base.isascii():
            primary.append(f"{2 + int(base):02d}")
            continue
        letter = base
        for mark in marks:
            if mark in _MODIFIERS:
                letter = _WITH_MODIFIER.get((letter, _MODIFIERS[mark]), letter)
        rank = _LETTER_RANK.get(letter)
        if rank is None:
            continue  # punctuation and other scripts do not take part in the order
        primary.append(f"{rank:02d}")
        tones.append(next((_TONES[m] for m in marks if m in _TONES), "0"))
    while primary and primary[-1] == "01":
        primary.pop()
    return "".join(primary[:_PRIMARY_LETTERS]) + "00" + "".join(tones[:_SECONDARY_LETTERS])


def _letters(text: str) -> Iterator[tuple[str, list[str]]]:
    """Yield (base character, its combining marks) pairs of the lower-cased NFD text."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    base = None
    marks: list[str] = []
    for ch in decomposed:
        if unicodedata.category(ch) == "Mn" and base is not None:
            marks.append(ch)
            continue
        if base is not None:
            yield base, marks
        base, marks = ch, []
    if base is not None:
        yield base, marks
