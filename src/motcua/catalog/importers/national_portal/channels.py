"""The channel table of a portal page: one row per way to submit, cells run together."""

from __future__ import annotations

import re

from motcua.catalog.importers.common import (
    balanced_end,
    merge_channels,
    parse_channel,
    parse_deadline,
    states_deadline,
    tidy,
)
from motcua.catalog.importers.fees import parse_fees
from motcua.catalog.importers.records import (
    ChannelRecord,
    Deadline,
    ParseStats,
)

# --- channel rows ---------------------------------------------------------------------------------

# A row starts with a capitalised channel name glued to its deadline cell (a number or "Không ...").
# Channel words inside a note are lower case, or followed by a space or a colon, so they never match.
_ROW_START = re.compile(r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\d|Không)")
_UNIT_DEADLINE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng)")
_PLACEHOLDER = re.compile(r"Không có thông tin|Không quy định")
_CURRENCY = r"(?:Việt Nam Đồng|VNĐ|Đồng|USD)"
# Where the fee cell starts when the deadline cell is free text.
_FEE_START = re.compile(rf"Miễn phí|Không có thông tin|\d[\d.,]*\s?{_CURRENCY}")
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_BARE_DEADLINE = re.compile(r"\d+(?=Miễn phí|Không có thông tin|$)")
_FEE_VALUE = re.compile(rf"Miễn phí|\d[\d.,]*\s?{_CURRENCY}")
_BARE_THEN_MONEY = re.compile(rf"(\d+)([\d.,]*)(\s?{_CURRENCY})")


def parse_channel_rows(text: str) -> tuple[list[ChannelRecord], ParseStats]:
    """Split the run-together channel table into rows: <channel><deadline><fee>[(fee note)]<note>."""
    rows: list[ChannelRecord] = []
    stats = ParseStats()
    starts = list(_ROW_START.finditer(text))
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        deadline_text, fee_text, note = split_row(text[start.end() : end])
        deadline = parse_deadline(deadline_text)
        if states_deadline(deadline_text):
            stats.deadlines_stated += 1
            stats.deadlines_parsed += int(deadline is not None and deadline.amount is not None)
        rows.append(
            ChannelRecord(
                channel=parse_channel(start.group(1)) or "counter",
                deadline=deadline,
                fees=parse_fees(fee_text),
                note=tidy(note),
            )
        )
    _units_for_bare_numbers(rows)
    return merge_channels(rows), stats


def _units_for_bare_numbers(rows: list[ChannelRecord]) -> None:
    """A bare deadline ("2") takes the unit another row of the same table states for the same amount
    ("2 Giờ"); without one it stays in working days (see parse_deadline)."""
    stated = {
        row.deadline.amount: row.deadline.unit
        for row in rows
        if row.deadline and row.deadline.amount is not None and not _BARE_NUMBER.fullmatch(row.deadline.text)
    }
    for row in rows:
        deadline = row.deadline
        if deadline and _BARE_NUMBER.fullmatch(deadline.text) and deadline.amount in stated:
            row.deadline = Deadline(amount=deadline.amount, unit=stated[deadline.amount], text=deadline.text)


def split_row(row: str) -> tuple[str, str, str]:
    """One row's text after the channel name → (deadline cell, fee cell, note)."""
    deadline_end = _deadline_end(row)
    fee_end = _fee_end(row, deadline_end)
    return row[:deadline_end], row[deadline_end:fee_end], row[fee_end:]


def _deadline_end(row: str) -> int:
    for pattern in (_UNIT_DEADLINE, _PLACEHOLDER):
        match = pattern.match(row)
        if match:
            return match.end()
    match = _BARE_THEN_MONEY.match(row)
    if match:  # "1100,000 VNĐ": a bare deadline glued to a fee amount
        return _split_bare_deadline(match.group(1) + match.group(2))
    match = _BARE_DEADLINE.match(row)
    if match:
        return match.end()
    fee = _FEE_START.search(row)
    return fee.start() if fee else len(row)


def _split_bare_deadline(digits: str) -> int:
    """Length of the deadline in "<bare deadline><fee amount>", e.g. "1"+"100,000" or "2"+"20".

    The shortest deadline that leaves a well-formed amount (no leading zero, thousands groups of three)
    wins: bare deadlines are short, and the fee notes of such rows confirm it ("120 VNĐ(20.000 đồng)").
    """
    for length in range(1, len(digits)):
        amount = digits[length:]
        if amount[0] == "0" and amount != "0":
            continue
        if re.fullmatch(r"\d+|\d{1,3}(?:[.,]\d{3})+", amount):
            return length
    return len(digits)


def _fee_end(row: str, start: int) -> int:
    """End of the fee cell: "Miễn phí" or an amount, with its "(...)" description; or a placeholder."""
    match = _FEE_VALUE.match(row, start)
    if not match:
        placeholder = _PLACEHOLDER.match(row, start)
        return placeholder.end() if placeholder else start
    end = match.end()
    if row.startswith("(", end):
        closing = balanced_end(row, end)
        if closing > 0:
            end = closing
    return end
