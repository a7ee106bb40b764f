"""Reading a bank statement export (CSV or xlsx) into its credit lines. Pure Python: banks have no common format,
so the header row is found among the first rows and its columns recognised from the headers Vietnamese banks use
("Ngày giao dịch", "Số tiền ghi có", "Nội dung"/"Diễn giải", "Số tham chiếu"...)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 5000
HEADER_SEARCH_ROWS = 30  # exports start with the account's details before the table

# Folded headers (lower case, no diacritics, single spaces) for each column; the first that matches wins.
HEADERS = {
    "date": ("ngay giao dich", "ngay gd", "ngay hach toan", "ngay ghi so", "ngay hieu luc", "ngay", "thoi gian",
             "transaction date", "posting date", "value date", "date", "txn date"),
    "credit": ("so tien ghi co", "ghi co", "so tien co", "phat sinh co", "ps co", "co", "credit amount",
               "credit", "tien vao"),
    "debit": ("so tien ghi no", "ghi no", "so tien no", "phat sinh no", "ps no", "no", "debit amount", "debit"),
    "amount": ("so tien giao dich", "so tien", "amount", "transaction amount"),
    "description": ("noi dung giao dich", "noi dung chi tiet", "noi dung", "dien giai", "mo ta", "chi tiet",
                    "description", "transaction details", "details", "remark", "narrative"),
    "ref": ("so tham chieu", "ma tham chieu", "ma giao dich", "ma gd", "so giao dich", "so gd", "so but toan",
            "so ct", "so chung tu", "reference", "reference number", "ref no", "ref", "transaction id", "txn id"),
}  # fmt: skip


class StatementError(ValueError):
    """The file is not a statement we can read; `code` is a payments.errors code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Line:
    booked_on: date
    amount: int  # đồng credited
    description: str
    bank_ref: str
    line_hash: str  # the same line of the same statement always hashes the same: re-importing is a no-op


def fold(text: object) -> str:
    plain = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^0-9a-z]+", " ", plain).strip()


def columns(header: Sequence[object]) -> dict[str, int]:
    """Which column holds what, from a header row: exact folded names first, then names that contain one."""
    names = [fold(cell) for cell in header]
    found: dict[str, int] = {}
    for exact in (True, False):
        for key, wanted in HEADERS.items():
            for word in wanted:
                if key in found:
                    break
                for i, name in enumerate(names):
                    hit = name == word if exact else bool(re.search(rf"\b{re.escape(word)}\b", name))
                    if hit and i not in found.values():
                        found[key] = i
                        break
    if "credit" in found:
        found.pop("amount", None)  # a separate credit column: "so tien" is then not the signed amount
    return found


def _usable(found: dict[str, int]) -> bool:
    return "date" in found and "description" in found and ("credit" in found or "amount" in found)


_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_amount(value: object) -> int | None:
    """Đồng from "1.000.000", "1,000,000", "200,000.00", "1.000.000,00", "+ 500 000 VND" or a number cell.
    None for an empty cell; ValueError for what is not an amount in whole đồng."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("not an amount")
    if isinstance(value, int | float):
        if value != int(value):
            raise ValueError("đồng have no fraction")
        return int(value)
    text = re.sub(r"(?i)vnd|vnđ|đ|\s", "", str(value)).lstrip("+")
    if text in ("", "-"):
        return None
    sign = -1 if text.startswith("-") or (text.startswith("(") and text.endswith(")")) else 1
    text = text.strip("-()")
    if "," in text and "." in text:  # the last separator is the decimal one
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        whole, fraction = text.rsplit(decimal, 1)
        whole = whole.replace("." if decimal == "," else ",", "")
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):  # grouping only
        whole, fraction = re.sub(r"[.,]", "", text), ""
    elif re.fullmatch(r"\d+[.,]\d{1,2}", text):
        whole, fraction = re.split(r"[.,]", text)
    else:
        whole, fraction = text, ""
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or fraction.strip("0"):
        raise ValueError("not an amount in whole đồng")
    return sign * int(whole)


def _rows_csv(data: bytes) -> Iterable[Sequence[object]]:
    for encoding in ("utf-8-sig", "cp1258"):  # cp1258: Vietnamese Windows, what older exports are in
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise StatementError("file_unreadable")
    # The delimiter that splits some line of the top into the most fields (the sniffer of the csv module is misled
    # by the account's details above the table).
    top = text[:8192].splitlines()[: HEADER_SEARCH_ROWS + 5]
    delimiter = max(
        ",;\t|", key=lambda d: max((len(next(csv.reader([line], delimiter=d))) for line in top if line), default=0)
    )
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _rows_xlsx(data: bytes) -> Iterable[Sequence[object]]:
    from openpyxl import load_workbook  # only here: the rest of the module needs no third-party package

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a zip bomb is refused before openpyxl opens it
            if sum(info.file_size for info in archive.infolist()) > 20 * MAX_BYTES:
                raise StatementError("file_too_large")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, StatementError):
            raise
        raise StatementError("file_unreadable") from exc
    rows: Iterable[Sequence[object]] = book.worksheets[0].iter_rows(values_only=True)
    return rows


def read(data: bytes, *, filename: str = "") -> list[Line]:
    """The statement's credit lines (money received), in file order. Debit lines, balances and blank rows are
    left out. Raises StatementError when the file is too large, unreadable or has no recognisable table."""
    if len(data) > MAX_BYTES:
        raise StatementError("file_too_large")
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")
    rows = iter(_rows_xlsx(data) if is_xlsx else _rows_csv(data))
    found: dict[str, int] = {}
    for _ in range(HEADER_SEARCH_ROWS):
        header = next(rows, None)
        if header is None:
            break
        found = columns(header)
        if _usable(found):
            break
    if not _usable(found):
        raise StatementError("no_columns")
    lines: list[Line] = []
    seen: Counter[str] = Counter()
    for count, row in enumerate(rows):
        if count > MAX_LINES * 2:
            raise StatementError("too_many_lines")
        line = _line(row, found, seen)
        if line is not None:
            lines.append(line)
            if len(lines) > MAX_LINES:
                raise StatementError("too_many_lines")
    return lines


def _cell(row: Sequence[object], found: dict[str, int], key: str) -> object:
    i = found.get(key)
    return row[i] if i is not None and i < len(row) else None


def _line(row: Sequence[object], found: dict[str, int], seen: Counter[str]) -> Line | None:
    booked_on = parse_date(_cell(row, found, "date"))
    if booked_on is None:
        return None  # a blank row, a subtotal, the closing balance
    try:
        amount = parse_amount(_cell(row, found, "credit" if "credit" in found else "amount"))
    except ValueError:
        return None
    if amount is None or amount <= 0:
        return None  # money paid out: nothing to match
    description = re.sub(r"\s+", " ", str(_cell(row, found, "description") or "")).strip()[:500]
    bank_ref = re.sub(r"\s+", "", str(_cell(row, found, "ref") or ""))[:64]
    if bank_ref:
        key = f"ref|{bank_ref}"
    else:  # no reference column: the line's content, and which of identical lines it is
        content = f"row|{booked_on.isoformat()}|{amount}|{description}"
        seen[content] += 1
        key = f"{content}|{seen[content]}"
    return Line(booked_on, amount, description, bank_ref, hashlib.sha256(key.encode()).hexdigest())
