"""What a display board says when it calls a number: "Mời số A023 đến quầy số 5", read as Vietnamese words and
played from recorded clips (one per word), so that the voice works without internet. Pure Python.

Numbers are read the way a Vietnamese speaker reads an amount: 21 "hai mươi mốt", 15 "mười lăm", 24 "hai mươi
tư", 105 "một trăm linh năm", 1024 "một nghìn không trăm hai mươi tư". The ticket's digits are read as its
number (A023 is "A hai mươi ba"), its letters by their Vietnamese names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Vietnamese names of the letters (an area code may use any capital letter, even F, J, W, Z).
LETTERS = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "E": "e",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e lờ",
    "M": "em mờ",
    "N": "en nờ",
    "O": "o",
    "P": "pê",
    "Q": "quy",
    "R": "e rờ",
    "S": "ét xì",
    "T": "tê",
    "U": "u",
    "V": "vê",
    "W": "vê kép",
    "X": "ích xì",
    "Y": "i dài",
    "Z": "dét",
}
CALL = "mời số"
TO_COUNTER = "đến quầy số"
CHIME = "chime"
LARGEST = 999_999

# Each word's clip (a file name without accents; two words that only differ by their tone need two names).
WORD_CLIPS = {
    "không": "khong",
    "một": "mot",
    "hai": "hai",
    "ba": "ba",
    "bốn": "bon",
    "năm": "nam",
    "sáu": "sau",
    "bảy": "bay",
    "tám": "tam",
    "chín": "chin",
    "mười": "muoi-huyen",  # ten
    "mươi": "muoi-ngang",  # tens (hai mươi)
    "mốt": "mot-sac",  # one after a ten (hai mươi mốt)
    "lăm": "lam",  # five after a ten (mười lăm)
    "tư": "tu",  # four after a ten (hai mươi tư)
    "linh": "linh",  # zero tens (một trăm linh năm)
    "trăm": "tram",
    "nghìn": "nghin",
    CALL: "moi-so",
    TO_COUNTER: "den-quay-so",
}
LETTER_CLIPS = {letter: f"chu-{letter.lower()}" for letter in LETTERS}
LABEL = re.compile(r"^([A-Z]{1,2})(\d{1,6})$")


def _below_hundred(n: int) -> list[str]:
    tens, units = divmod(n, 10)
    if tens == 0:
        return [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_thousand(n: int, *, full: bool) -> list[str]:
    """`full`: a group after a thousand is read with its zero hundreds (một nghìn không trăm linh năm)."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _below_hundred(rest)
    words = [DIGITS[hundreds], "trăm"]
    if rest == 0:
        return words
    if rest < 10:
        return [*words, "linh", DIGITS[rest]]
    return words + _below_hundred(rest)


def number_words(n: int) -> list[str]:
    """A whole number from 0 to 999,999 as Vietnamese words."""
    if not 0 <= n <= LARGEST:
        raise ValueError(f"{n} is outside 0..{LARGEST}")
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_thousand(rest, full=False)
    words = [*_below_thousand(thousands, full=False), "nghìn"]
    if rest:
        words += _below_thousand(rest, full=True)
    return words


@dataclass(frozen=True)
class Announcement:
    text: str  # what the board shows and a screen reader reads: "Mời số A023 đến quầy số 5"
    words: tuple[str, ...]  # what is said, word by word
    clips: tuple[str, ...]  # the clips to play in turn, the chime first


def announce(label: str, counter_number: int) -> Announcement:
    """The call of a ticket (A023) to a counter (5)."""
    match = LABEL.match(label)
    if match is None:
        raise ValueError(f"not a ticket label: {label[:12]!r}")
    letters, digits = match.groups()
    words: list[str] = [CALL]
    clips: list[str] = [CHIME, WORD_CLIPS[CALL]]
    for letter in letters:
        words.append(LETTERS[letter])
        clips.append(LETTER_CLIPS[letter])
    number = number_words(int(digits))
    counter = number_words(counter_number)
    words += [*number, TO_COUNTER, *counter]
    clips += [WORD_CLIPS[w] for w in number] + [WORD_CLIPS[TO_COUNTER]] + [WORD_CLIPS[w] for w in counter]
    return Announcement(text=f"Mời số {label} đến quầy số {counter_number}", words=tuple(words), clips=tuple(clips))


def all_clips() -> dict[str, str]:
    """Every clip a call can need, by name, with the Vietnamese it says (what scripts/make-voice-clips.py makes)."""
    clips = {name: word for word, name in WORD_CLIPS.items()}
    clips.update({LETTER_CLIPS[letter]: name for letter, name in LETTERS.items()})
    return clips
