"""Amounts in Vietnamese words, as the receipt prints them: the cases people read, and a property over all
amounts (read back by an independent parser, every amount gives back itself)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.receipts.words import LARGEST, amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (150_000, "Một trăm năm mươi nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (2_010_500, "Hai triệu không trăm mười nghìn năm trăm đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng"),
    ],
)
def test_the_amounts_people_read(amount, words):
    assert amount_in_words(amount) == words


UNITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7}
UNITS |= {"tám": 8, "chín": 9}


def parse(text: str) -> int:
    """Words back to a number, independently of the writer: hundreds, then the tens digit, then units."""
    total, below, hundreds, current = 0, 0, 0, 0
    for word in text.split():
        if word in UNITS:
            current += UNITS[word]
        elif word == "mười":
            current += 10
        elif word == "mươi":
            current *= 10  # only the tens digit is in `current` here: the hundreds moved out at "trăm"
        elif word == "trăm":
            hundreds, current = current * 100, 0
        elif word == "linh":
            continue
        elif word in ("nghìn", "triệu"):
            below += (hundreds + current) * (1000 if word == "nghìn" else 1_000_000)
            hundreds = current = 0
        elif word == "tỷ":
            total += (below + hundreds + current) * 1_000_000_000
            below = hundreds = current = 0
        else:
            raise ValueError(word)
    return total + below + hundreds + current


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_every_amount_reads_back_as_itself(n):
    assert parse(number_in_words(n)) == n


@given(st.integers(min_value=1, max_value=LARGEST))
def test_words_start_with_a_capital_and_end_in_dong(n):
    text = amount_in_words(n)
    assert text[0].isupper() and text.endswith(" đồng") and "  " not in text


def test_out_of_range_is_refused():
    with pytest.raises(ValueError):
        number_in_words(-1)
