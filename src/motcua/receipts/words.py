"""Amounts in Vietnamese words, as receipts write them (pure Python, no Django).

The accounting convention of Vietnamese receipts and invoices: every group of three digits after the first is
read in full ("không trăm" for a missing hundred, "linh" for a missing ten), so that no digit can be read two
ways: 1,005,000 is "một triệu không trăm linh năm nghìn". Ten reads "mười", one after twenty and more "mốt",
five after a ten "lăm". Above 999 tỷ the count of tỷ is read the same way ("một nghìn tỷ").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
BILLION = 10**9
LARGEST = 10**18 - 1  # far above any fee; the receipts cap amounts well below it


def _group(n: int, *, full: bool) -> list[str]:
    """A group of three digits (1..999): `full` reads a missing hundred and ten (a group after the first)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if full or hundreds:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _below_billion(n: int, *, leading: bool) -> list[str]:
    words: list[str] = []
    for scale in (2, 1, 0):
        group = n // 1000**scale % 1000
        if group:
            words += _group(group, full=not leading)
            if SCALES[scale]:
                words.append(SCALES[scale])
            leading = False
    return words


def _words(n: int) -> list[str]:
    billions, rest = divmod(n, BILLION)
    words: list[str] = []
    if billions:
        words += [*_words(billions), "tỷ"]
    if rest:
        words += _below_billion(rest, leading=not billions)
    return words


def number_in_words(n: int) -> str:
    """0 ≤ n ≤ LARGEST, in lower-case words: 1250000 → "một triệu hai trăm năm mươi nghìn"."""
    if not 0 <= n <= LARGEST:
        raise ValueError("amount out of range")
    return " ".join(_words(n)) if n else DIGITS[0]


def amount_in_words(n: int) -> str:
    """The receipt's line "Số tiền bằng chữ": capitalised, in đồng. 1250000 → "Một triệu hai trăm năm mươi
    nghìn đồng"."""
    text = number_in_words(n)
    return f"{text[0].upper()}{text[1:]} đồng"
