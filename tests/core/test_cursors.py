"""The one cursor codec: what it writes it reads back; anything else is a BadCursor, never a server error."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core import cursors
from motcua.core.cursors import BadCursor

moments = st.datetimes(timezones=st.just(UTC))


@given(st.integers(), st.text(max_size=40), st.one_of(st.none(), moments))
def test_what_is_written_reads_back(number, words, moment):
    cursor = cursors.encode(number, words, moment)
    assert cursors.decode(cursor, int, str, (datetime, type(None))) == [number, words, moment]


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not base64 at all!",
        cursors.encode(1, 2),  # too few values for three kinds
        cursors.encode("1", "a", 3),  # a string where a number belongs
        cursors.encode(True, "a", 3),  # a boolean is not a number here
        cursors.encode(1, "a", "2026-12-04T09:00:00"),  # a time without its offset
        cursors.encode(1, "a", "yesterday"),
    ],
)
def test_a_mangled_or_foreign_cursor_is_refused(cursor):
    with pytest.raises(BadCursor):
        cursors.decode(cursor, int, str, (datetime, int))


@given(st.text(max_size=60))
def test_any_text_typed_as_a_cursor_is_either_read_or_refused(text):
    """Never another exception (a server error on a mangled link): values of the asked types, or BadCursor."""
    try:
        values = cursors.decode(text, int, str, int)
    except BadCursor:
        return
    assert [type(v) for v in values] == [int, str, int]
