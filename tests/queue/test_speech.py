"""The call a board says: Vietnamese number words, the letters' names, and a clip for every word said."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.queue.speech import LARGEST, WORD_CLIPS, all_clips, announce, number_words


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (23, "hai mươi ba"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (115, "một trăm mười lăm"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1024, "một nghìn không trăm hai mươi tư"),
        (2310, "hai nghìn ba trăm mười"),
        (21_000, "hai mươi mốt nghìn"),
    ],
)
def test_numbers_are_read_as_a_vietnamese_speaker_reads_them(n, said):
    assert " ".join(number_words(n)) == said


def test_a_call_says_the_letters_the_number_and_the_counter():
    call = announce("A023", 5)
    assert call.text == "Mời số A023 đến quầy số 5"
    assert " ".join(call.words) == "mời số a hai mươi ba đến quầy số năm"
    assert call.clips == ("chime", "moi-so", "chu-a", "hai", "muoi-ngang", "ba", "den-quay-so", "nam")
    assert " ".join(announce("HC105", 12).words) == "mời số hát xê một trăm linh năm đến quầy số mười hai"


@pytest.mark.parametrize("label", ["", "a023", "A", "023", "ABC1", "A1234567", "A-1"])
def test_a_label_that_is_not_a_ticket_is_refused(label):
    with pytest.raises(ValueError):
        announce(label, 1)


def _value(words: list[str]) -> int:
    """Reads the words back (a small independent reader: the property below checks the writer against it)."""
    digit = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5}
    digit |= {"sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
    total = group = 0
    for i, word in enumerate(words):
        if word in digit:
            group += digit[word]
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group = group - digit[words[i - 1]] + digit[words[i - 1]] * 10
        elif word == "trăm":
            group = group - digit[words[i - 1]] + digit[words[i - 1]] * 100
        elif word == "nghìn":
            total, group = group * 1000, 0
        elif word != "linh":
            raise AssertionError(word)
    return total + group


@given(st.integers(min_value=0, max_value=LARGEST))
def test_every_number_reads_back_to_itself_with_a_clip_for_each_word(n):
    words = number_words(n)
    assert _value(words) == n
    assert all(word in WORD_CLIPS for word in words)
    said = " ".join(words)
    # The spoken forms: "mốt" and "tư" only after "mươi", "lăm" only after a ten, never "mươi không".
    assert "mươi không" not in said and "mười không" not in said
    for word, after in (("mốt", ("mươi",)), ("tư", ("mươi",)), ("lăm", ("mươi", "mười"))):
        for i, w in enumerate(words):
            if w == word:
                assert words[i - 1] in after, said


@given(st.from_regex(r"\A[A-Z]{1,2}[0-9]{3,4}\Z"), st.integers(min_value=1, max_value=99))
def test_every_call_has_every_clip_it_needs(label, counter):
    call = announce(label, counter)
    assert set(call.clips) <= set(all_clips()) | {"chime"}
    assert call.text.endswith(f"quầy số {counter}")


def test_every_clip_is_shipped_short_and_small():
    """The clips scripts/make-voice-clips.py made (nobody can listen in CI: their shape at least is checked)."""
    import wave
    from pathlib import Path

    import motcua.queue

    folder = Path(motcua.queue.__file__).parent / "static" / "queue" / "voice"
    total = 0
    for name in [*all_clips(), "chime"]:
        path = folder / f"{name}.wav"
        with wave.open(str(path)) as clip:
            assert clip.getnchannels() == 1 and clip.getframerate() <= 16_000, name
            assert 0.1 < clip.getnframes() / clip.getframerate() < 1.5, name
        total += path.stat().st_size
    assert total < 2 * 1024 * 1024
