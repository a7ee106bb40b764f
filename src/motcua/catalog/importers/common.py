"""Pure parsing helpers shared by the catalog source parsers (no Django).

Both sources publish the same national procedure data, so cells look alike: deadlines such as
"8 Ngày làm việc", fees such as "160,000 Việt Nam Đồng" or "Phí : 2.000.000 Đồng (...)", quantities such as
"1 bản chính,1 bản sao" and placeholders such as "Không có thông tin". Every string returned here is `clean`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from motcua.catalog.importers.records import (
    CHANNEL_WORDS,
    LEVEL_WORDS,
    ChannelRecord,
    Deadline,
    Fee,
    Parsed,
    ParseStats,
    ProcedureRecord,
    RecordError,
)
from motcua.core.text import clean, fold

# --- placeholders --------------------------------------------------------------------------------

# Folded forms of what the sources write in an empty cell.
_UNKNOWN = frozenset(
    {"", "khong co thong tin", "khong quy dinh", "khong", "khong co", "chua co thong tin", "chua quy dinh"}
)
_PUNCTUATION = " \t\n\u00a0-–—.,:;()*"


def is_unknown(text: str | None) -> bool:
    """True for an empty cell or a placeholder such as "Không có thông tin" / "Không quy định" / "--"."""
    if text is None:
        return True
    # Cheap checks first: folding every cell only to compare it would dominate the parse time.
    # Placeholders are short and, once punctuation is stripped, empty or starting with k/c.
    stripped = text.strip(_PUNCTUATION)
    if not stripped:
        return True
    return len(stripped) < 40 and stripped[0] in "KkCc" and fold(stripped) in _UNKNOWN


@lru_cache(maxsize=4096)  # the same notes repeat on every channel row and across procedures
def tidy(text: str | None) -> str:
    """The stored form of a free-text field: clean, and "" for a placeholder."""
    text = clean(text)
    return "" if is_unknown(text) else text


_LEADING_MARKS = re.compile(r"^[\s.,;:!?\-–—•·*]+")


def title(text: str | None) -> str:
    """A procedure's name as people read it: cleaned, without the stray punctuation a source leaves before it
    (". Đăng ký thuế…" in the national database)."""
    return _LEADING_MARKS.sub("", clean(text, keep_newlines=False))


# --- numbers -------------------------------------------------------------------------------------

_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


def parse_number(text: str) -> Decimal | None:
    """Read "160,000", "2.000.000", "20000", "1.5", "0,5" or "1.234,5"; None when it is not a number.

    Both "," and "." serve as thousands separators in the sources, so a separator followed by exactly
    three digits (repeated) is read as grouping; a single separator followed by 1-2 digits is a decimal
    point.
    """
    text = text.strip()
    if not text or not text[0].isdigit():
        return None
    if _GROUPED.fullmatch(text):
        return Decimal(re.sub(r"[.,]", "", text))
    whole, sep, fraction = _split_decimal(text)
    if whole is None:
        return None
    try:
        return Decimal(f"{whole}.{fraction}" if sep else whole)
    except InvalidOperation:
        return None


def _split_decimal(text: str) -> tuple[str | None, str, str]:
    """Split "1.234,5" / "1,5" / "20000" into (integer digits, separator, fraction digits)."""
    match = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})*|\d+)(?:([.,])(\d{1,2}))?", text)
    if not match or (match.group(2) and match.group(2) == match.group(3)):
        return None, "", ""
    return re.sub(r"[.,]", "", match.group(1)), match.group(3) or "", match.group(4) or ""


# --- deadlines -----------------------------------------------------------------------------------

_DEADLINE_UNITS = {
    "ngay lam viec": "working_day",
    "ngay": "calendar_day",
    "gio lam viec": "working_hour",
    "gio": "working_hour",
    "thang": "month",
}
_DEADLINE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngày làm việc|ngày|giờ làm việc|giờ|tháng)?\s*\.?", re.IGNORECASE)


def parse_deadline(text: str | None) -> Deadline | None:
    """Read a deadline cell: "8 Ngày làm việc", "15 Ngày", "4 Giờ", "3 Tháng", "0,5 ngày" or a bare "1".

    A bare number means working days. It is how the portal shows a deadline whose unit was left empty;
    of the 227 portal procedures with one, 59 restate that number with a unit in their steps or notes,
    and 55 of those say "ngày làm việc" (2 "ngày", 2 "tháng"). The portal parser lets a sibling row
    that states the same number with a unit ("2 Giờ") override this.
    Placeholders give None; other text (a range, a sentence) keeps the text with no amount or unit.
    """
    text = clean(text, keep_newlines=False)
    if is_unknown(text):
        return None
    match = _DEADLINE.fullmatch(text)
    if not match:
        return Deadline(amount=None, unit=None, text=text)
    amount = Decimal(match.group(1).replace(",", "."))
    unit = _DEADLINE_UNITS[fold(match.group(2))] if match.group(2) else "working_day"
    return Deadline(amount=amount, unit=unit, text=text)


def states_deadline(text: str | None) -> bool:
    """Whether a deadline cell says anything: not empty, not a placeholder, not "Không phải trả kết quả"."""
    text = (text or "").strip()
    if is_unknown(text):
        return False
    return any(ch.isdigit() for ch in text) or not fold(text).startswith("khong ")


def balanced_end(text: str, start: int) -> int:
    """Index just after the parenthesis group opening at `start`; -1 when it never closes."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


# --- one row per channel ----------------------------------------------------------------------------


def merge_channels(rows: list[ChannelRecord]) -> list[ChannelRecord]:
    """One record per channel, in first-seen order (a procedure version holds each channel once).

    Sources repeat a channel for alternative cases ("07 Ngày", then "14 Ngày" when the case is complex).
    The first row that states an amount keeps the structured deadline; every other row's deadline and
    note are kept in the note as "<deadline>: <note>", and fees are pooled without repeats.
    """
    grouped: dict[str, list[ChannelRecord]] = {}
    for row in rows:
        grouped.setdefault(row.channel, []).append(row)
    return [_merge(group) if len(group) > 1 else group[0] for group in grouped.values()]


def _merge(group: list[ChannelRecord]) -> ChannelRecord:
    main = next((row for row in group if row.deadline and row.deadline.amount is not None), group[0])
    notes = [main.note]
    for row in group:
        if row is not main:
            said = row.deadline.text if row.deadline else ""
            notes.append(": ".join(part for part in (said, row.note) if part))
    fees: list[Fee] = []
    for fee in (fee for row in [main, *group] for fee in row.fees):
        if fee not in fees:
            fees.append(fee)
    return ChannelRecord(channel=main.channel, deadline=main.deadline, fees=fees, note="\n".join(n for n in notes if n))


# --- channels, levels, quantities, online level ---------------------------------------------------

_CHANNELS = {fold(word): code for code, word in CHANNEL_WORDS.items()} | {"buu chinh": "postal"}
_LEVELS = {fold(word): code for code, word in LEVEL_WORDS.items()}


def parse_channel(text: str | None) -> str | None:
    """Map "Trực tiếp" → counter, "Trực tuyến" → online, "Dịch vụ bưu chính" → postal; else None."""
    return _CHANNELS.get(fold(text)) if text else None


def parse_levels(text: str | None) -> list[str]:
    """Map "Cấp bộ, Cấp tỉnh" → ["ministry", "province"]; unknown names are left out, no repeats."""
    levels: list[str] = []
    for part in (text or "").split(","):
        level = _LEVELS.get(fold(part))
        if level and level not in levels:
            levels.append(level)
    return levels


# "Bản chính: 1" (exports) or "1 bản chính" (portal); the number must not be taken from another line.
_ORIGINALS = (re.compile(r"bản chính[ \t]*:[ \t]*(\d+)", re.I), re.compile(r"(\d+)[ \t]*bản chính", re.I))
_COPIES = (re.compile(r"bản sao[ \t]*:[ \t]*(\d+)", re.I), re.compile(r"(\d+)[ \t]*bản sao", re.I))


def parse_quantity(text: str | None) -> tuple[int | None, int | None]:
    """Read "1 bản chính,1 bản sao" or "Bản chính: 1\\nBản sao: 0" into (originals, copies).

    When only one kind is stated the other is 0: the portal prints "N bản chính" always and adds
    ",M bản sao" only when M > 0 (it never prints "0 bản sao"). Nothing stated → (None, None).
    """
    text = text or ""
    originals = _first_count(_ORIGINALS, text)
    copies = _first_count(_COPIES, text)
    if originals is None and copies is None:
        return None, None
    return originals or 0, copies or 0


def _first_count(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


# "toàn trình" with or without its diacritics (cheaper than folding whole step texts).
_FULLY_ONLINE = re.compile(r"to[aàáảãạ]n\s+tr[iìíỉĩị]nh")


def online_level(texts: Iterable[str], channels: Iterable[str]) -> str:
    """The sources do not state the online service level, so infer it.

    "full" when a text (name, steps, conditions) says the procedure is done "toàn trình" (entirely online),
    "partial" when an online channel is listed, else "none".
    """
    if any(_FULLY_ONLINE.search(text.lower()) for text in texts):
        return "full"
    return "partial" if "online" in channels else "none"


_BULLET = re.compile(r"^[-+*•\uf0d8\uf0fc\s]+")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:]{2,}$")


def document_name(text: str) -> str:
    """A document name without its list bullet ("- ", "+ ") or doubled end punctuation ("..,", ";."),
    from text that is already clean; an ellipsis stays."""
    name = _BULLET.sub("", text.replace("\n", " ")).strip()
    run = _TRAILING_PUNCTUATION.search(name)
    if run and set(run.group()) != {"."}:
        name = name[: run.start() + 1]
    return name


# --- lists, dates, legal codes --------------------------------------------------------------------


def split_groups(text: str | None) -> list[str]:
    """Split "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam" on top-level commas.

    A piece starting in lower case continues the previous one: "Cán bộ, công chức, viên chức" is one
    group on the portal.
    """
    text = tidy(text)
    pieces: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text + ","):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth <= 0:
            pieces.append(text[start:i].strip())
            start = i + 1
    groups: list[str] = []
    for piece in filter(None, pieces):
        if groups and piece[0].islower():
            groups[-1] = f"{groups[-1]}, {piece}"
        else:
            groups.append(piece)
    return groups


def iso_date(text: str | None) -> str:
    """Read "24-03-2021" or "24/3/2021" → "2021-03-24"; "" when it is not a real date."""
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", clean(text))
    if not match:
        return ""
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1))).isoformat()
    except ValueError:
        return ""


# --- reading files --------------------------------------------------------------------------------


Parser = Callable[[dict], tuple[ProcedureRecord, ParseStats]]


def read_jsonl(path: str | Path, parse: Parser, code_of: Callable[[dict], str]) -> Iterator[Parsed]:
    """Yield one Parsed per line of a JSONL file, gzip-compressed or not; a bad line is reported, never
    fatal."""
    path = Path(path)
    with path.open("rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"  # the gzip magic number, whatever the file is called
    with gzip.open(path, "rb") if compressed else path.open("rb") as lines:
        for position, line in enumerate(lines, start=1):
            if line.strip():
                yield _parse_line(position, line, parse, code_of)


def _parse_line(position: int, line: bytes, parse: Parser, code_of: Callable[[dict], str]) -> Parsed:
    try:
        obj = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Parsed(position=position, code="", error=_("line %(line)d is not UTF-8 text") % {"line": position})
    except ValueError as exc:
        reason = getattr(exc, "msg", str(exc))
        return Parsed(
            position=position,
            code="",
            error=_("line %(line)d is not valid JSON (%(reason)s)") % {"line": position, "reason": reason},
        )
    if not isinstance(obj, dict):
        return Parsed(position=position, code="", error=_("line %(line)d is not a JSON object") % {"line": position})
    code = clean(str(code_of(obj) or ""))
    try:
        record, stats = parse(obj)
    except RecordError as exc:
        return Parsed(position=position, code=code, error=str(exc))
    except Exception as exc:  # one odd record must not stop an import of thousands
        return Parsed(
            position=position,
            code=code,
            error=_("could not parse: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"},
        )
    return Parsed(position=position, code=record.code, record=record, stats=stats)
