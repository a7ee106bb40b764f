"""The spreadsheet template administrators fill in (docs/catalog-format.md, "xlsx").

One workbook, one sheet per table, Vietnamese headers in row 1, one row per item from row 2. Rows of the child
sheets are tied to their procedure by its code. Channel, unit, level and online level columns take the
Vietnamese words shown in their drop-down lists (the English codes are accepted too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from motcua.catalog.importers.records import (
    CHANNEL_WORDS,
    LEVEL_WORDS,
    ONLINE_WORDS,
    UNIT_WORDS,
    ChannelRecord,
    Deadline,
    DocumentRecord,
    Fee,
    LegalBasisRecord,
    Parsed,
    ProcedureRecord,
    RecordError,
)
from motcua.core.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int = 18
    choices: dict[str, str] | None = None  # code → Vietnamese word


PROCEDURES = "Thủ tục"
CHANNELS = "Cách thức thực hiện"
FEES = "Phí, lệ phí"
DOCUMENTS = "Thành phần hồ sơ"
LEGAL_BASIS = "Căn cứ pháp lý"
GUIDE = "Hướng dẫn"

SHEETS: dict[str, list[Column]] = {
    PROCEDURES: [
        Column("code", "Mã thủ tục", 14),
        Column("name", "Tên thủ tục", 60),
        Column("field", "Lĩnh vực", 30),
        Column("levels", "Cấp thực hiện", 22),
        Column("agency", "Cơ quan thực hiện", 36),
        Column("competent_agency", "Cơ quan có thẩm quyền", 30),
        Column("coordinating_agency", "Cơ quan phối hợp", 24),
        Column("delegated_agency", "Cơ quan được ủy quyền", 24),
        Column("reception_address", "Địa chỉ tiếp nhận", 30),
        Column("target_groups", "Đối tượng thực hiện (mỗi dòng một đối tượng)", 30),
        Column("procedure_type", "Loại thủ tục", 24),
        Column("decision_number", "Quyết định công bố", 24),
        Column("decided_on", "Ngày quyết định", 14),
        Column("online_level", "Mức độ trực tuyến", 14, ONLINE_WORDS),
        Column("steps", "Trình tự thực hiện", 50),
        Column("result", "Kết quả", 40),
        Column("conditions", "Yêu cầu, điều kiện", 40),
        Column("source", "Nguồn", 16),
        Column("source_url", "Địa chỉ nguồn", 30),
    ],
    CHANNELS: [
        Column("code", "Mã thủ tục", 14),
        Column("channel", "Hình thức nộp", 20, CHANNEL_WORDS),
        Column("deadline_amount", "Thời hạn giải quyết", 12),
        Column("deadline_unit", "Đơn vị thời hạn", 16, UNIT_WORDS),
        Column("deadline_text", "Thời hạn (nguyên văn)", 24),
        Column("note", "Mô tả", 50),
    ],
    FEES: [
        Column("code", "Mã thủ tục", 14),
        Column("channel", "Hình thức nộp", 20, CHANNEL_WORDS),
        Column("label", "Loại (Phí / Lệ phí)", 14),
        Column("amount", "Số tiền", 14),
        Column("currency", "Đơn vị tiền", 10),
        Column("note", "Ghi chú", 50),
    ],
    DOCUMENTS: [
        Column("code", "Mã thủ tục", 14),
        Column("name", "Tên giấy tờ", 60),
        Column("originals", "Bản chính", 10),
        Column("copies", "Bản sao", 10),
        Column("form", "Mẫu đơn, tờ khai", 30),
        Column("note", "Ghi chú", 30),
    ],
    LEGAL_BASIS: [
        Column("code", "Mã thủ tục", 14),
        Column("document", "Số ký hiệu", 22),
        Column("title", "Trích yếu", 60),
        Column("issued_on", "Ngày ban hành", 14),
        Column("issuer", "Cơ quan ban hành", 30),
    ],
}

GUIDE_LINES = [
    "Mẫu danh mục thủ tục hành chính của motcua",
    "",
    "Mỗi trang tính là một bảng; dòng 1 là tiêu đề cột, mỗi dòng từ dòng 2 là một mục.",
    'Trang "Thủ tục": mỗi thủ tục một dòng; "Mã thủ tục" và "Tên thủ tục" là bắt buộc.',
    'Các trang còn lại gắn với thủ tục qua cột "Mã thủ tục"; thứ tự dòng là thứ tự hiển thị.',
    "Hình thức nộp: Trực tiếp, Trực tuyến, Dịch vụ bưu chính.",
    "Đơn vị thời hạn: Ngày làm việc, Ngày, Giờ làm việc, Tháng. Để trống nếu không có thông tin.",
    "Cấp thực hiện: Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác (nhiều cấp cách nhau bởi dấu phẩy).",
    "Mức độ trực tuyến: Toàn trình, Một phần, Không.",
    'Phí: số tiền 0 là miễn phí; để trống số tiền và ghi vào "Ghi chú" nếu mức phí là văn bản.',
    "Nhập lại cùng một tệp không thay đổi gì; thủ tục có nội dung thay đổi được tạo phiên bản mới.",
]


class FormatError(ValueError):
    """The workbook as a whole is not a motcua catalog template."""


# --- writing --------------------------------------------------------------------------------------


EXCEL_CELL_LIMIT = 32_767  # characters; Excel cannot hold more in one cell


def write(
    records: Iterable[ProcedureRecord], stream: IO[bytes] | str | Path, *, truncated: list[str] | None = None
) -> int:
    """Write the workbook; returns how many procedures it holds.

    A text longer than an Excel cell can hold is cut at the limit and named in `truncated` ("code: column"),
    so the operator knows to keep such procedures in motcua-json, which has no limit.
    """
    cut = truncated if truncated is not None else []
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE
    for line in GUIDE_LINES:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    sheets = {title: _new_sheet(workbook, title, columns) for title, columns in SHEETS.items()}
    count = 0
    for record in records:
        count += 1
        _append(
            cut,
            sheets[PROCEDURES],
            PROCEDURES,
            {
                **record.to_dict(),
                "levels": _words(record.levels, LEVEL_WORDS),
                "target_groups": "\n".join(record.target_groups),
            },
        )
        for channel in record.channels:
            deadline = channel.deadline
            _append(
                cut,
                sheets[CHANNELS],
                CHANNELS,
                {
                    "code": record.code,
                    "channel": channel.channel,
                    "note": channel.note,
                    "deadline_amount": deadline.amount if deadline else None,
                    "deadline_unit": deadline.unit if deadline else None,
                    "deadline_text": deadline.text if deadline else "",
                },
            )
            for fee in channel.fees:
                _append(cut, sheets[FEES], FEES, {"code": record.code, "channel": channel.channel, **fee.__dict__})
        for document in record.documents:
            _append(cut, sheets[DOCUMENTS], DOCUMENTS, {"code": record.code, **document.__dict__})
        for basis in record.legal_basis:
            _append(
                cut,
                sheets[LEGAL_BASIS],
                LEGAL_BASIS,
                {
                    "code": record.code,
                    "document": basis.code,
                    "title": basis.title,
                    "issued_on": basis.issued_on,
                    "issuer": basis.issuer,
                },
            )
    workbook.save(stream)
    return count


def _new_sheet(workbook: Workbook, title: str, columns: list[Column]):
    sheet = workbook.create_sheet(title)
    sheet.append([c.title for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            words = ",".join(column.choices.values())
            validation = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
            validation.error = f"Chọn một trong: {words}"
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
    sheet.freeze_panes = "B2"
    return sheet


def _append(cut: list[str], sheet, title: str, values: dict) -> None:
    row = []
    for column in SHEETS[title]:
        value = values.get(column.key)
        if column.choices and value:
            value = column.choices.get(value, value)
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
            value = value[:EXCEL_CELL_LIMIT]
            cut.append(f"{values.get('code')}: {column.title}")
        row.append("" if value is None else value)
    sheet.append([None if v == "" else v for v in row])


def _words(codes: list[str], words: dict[str, str]) -> str:
    return ", ".join(words.get(code, code) for code in codes)


# --- reading --------------------------------------------------------------------------------------


def iter_records(path: str | Path) -> Iterator[Parsed]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FormatError(
            _("%(file)s is not an .xlsx workbook: %(error)s") % {"file": Path(path).name, "error": exc}
        ) from exc
    if PROCEDURES not in workbook.sheetnames:
        raise FormatError(
            _('%(file)s has no sheet "%(sheet)s" (see docs/catalog-format.md)')
            % {"file": Path(path).name, "sheet": PROCEDURES}
        )
    children: dict[str, dict[str, list[tuple[int, dict]]]] = {}
    for title in (CHANNELS, FEES, DOCUMENTS, LEGAL_BASIS):
        grouped: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        if title in workbook.sheetnames:
            for row_number, row in _rows(workbook[title], title):
                grouped[str(row.get("code") or "").strip()].append((row_number, row))
        children[title] = grouped
    for row_number, row in _rows(workbook[PROCEDURES], PROCEDURES):
        code = str(row.get("code") or "").strip()
        try:
            record = _record(row, {title: rows.get(code, []) for title, rows in children.items()})
        except (RecordError, ValueError) as exc:
            yield Parsed(
                position=row_number,
                code=code,
                error=_("%(sheet)s, row %(row)d: %(error)s") % {"sheet": PROCEDURES, "row": row_number, "error": exc},
            )
            continue
        yield Parsed(position=row_number, code=record.code, record=record)
    workbook.close()


def _rows(sheet, title: str) -> Iterator[tuple[int, dict]]:
    columns = SHEETS[title]
    by_title = {fold(c.title): c.key for c in columns} | {c.key: c.key for c in columns}
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [by_title.get(fold(str(h or ""))) for h in header]
    if "code" not in keys:
        raise FormatError(_('sheet "%(sheet)s" has no column "Mã thủ tục"') % {"sheet": title})
    for row_number, values in enumerate(rows, start=2):
        row = {key: value for key, value in zip(keys, values, strict=False) if key and value not in (None, "")}
        if row:
            yield row_number, row


def _record(row: dict, children: dict[str, list[tuple[int, dict]]]) -> ProcedureRecord:
    fees_by_channel: dict[str, list[Fee]] = defaultdict(list)
    for number, fee_row in children[FEES]:
        channel = _choice(fee_row.get("channel"), CHANNEL_WORDS, _at(FEES, "channel", number))
        fees_by_channel[channel].append(
            Fee(
                amount=_integer(fee_row.get("amount"), _at(FEES, "amount", number)),
                currency=_text(fee_row.get("currency")) or "VND",
                note=_text(fee_row.get("note")),
                label=_text(fee_row.get("label")),
            )
        )
    channels = []
    for number, channel_row in children[CHANNELS]:
        channel = _choice(channel_row.get("channel"), CHANNEL_WORDS, _at(CHANNELS, "channel", number))
        amount = _decimal(channel_row.get("deadline_amount"), _at(CHANNELS, "deadline_amount", number))
        unit = _choice(
            channel_row.get("deadline_unit"), UNIT_WORDS, _at(CHANNELS, "deadline_unit", number), required=False
        )
        if amount is not None and unit is None:
            raise RecordError(
                _("%(where)s: the time limit %(amount)s has no unit")
                % {"where": _at(CHANNELS, "deadline_unit", number), "amount": amount}
            )
        text = _text(channel_row.get("deadline_text"))
        deadline = Deadline(amount=amount, unit=unit, text=text) if amount is not None or text else None
        channels.append(
            ChannelRecord(
                channel=channel,
                deadline=deadline,
                fees=fees_by_channel.pop(channel, []),
                note=_text(channel_row.get("note")),
            )
        )
    if fees_by_channel:
        raise RecordError(
            _('%(fees)s: fees for the channel "%(channel)s" have no row in "%(channels)s"')
            % {"fees": FEES, "channel": CHANNEL_WORDS[next(iter(fees_by_channel))], "channels": CHANNELS}
        )
    documents = [
        DocumentRecord(
            name=_text(d.get("name")),
            form=_text(d.get("form")),
            note=_text(d.get("note")),
            originals=_integer(d.get("originals"), _at(DOCUMENTS, "originals", n)),
            copies=_integer(d.get("copies"), _at(DOCUMENTS, "copies", n)),
        )
        for n, d in children[DOCUMENTS]
    ]
    legal_basis = [
        LegalBasisRecord(
            code=_text(b.get("document")),
            title=_text(b.get("title")),
            issued_on=_date(b.get("issued_on")),
            issuer=_text(b.get("issuer")),
        )
        for _n, b in children[LEGAL_BASIS]
    ]
    levels = [
        _choice(part, LEVEL_WORDS, _at(PROCEDURES, "levels"))
        for part in _text(row.get("levels")).split(",")
        if part.strip()
    ]
    return ProcedureRecord(
        code=_text(row.get("code")),
        name=_text(row.get("name")),
        field=_text(row.get("field")),
        levels=levels,
        agency=_text(row.get("agency")),
        competent_agency=_text(row.get("competent_agency")),
        coordinating_agency=_text(row.get("coordinating_agency")),
        delegated_agency=_text(row.get("delegated_agency")),
        reception_address=_text(row.get("reception_address")),
        target_groups=[g.strip() for g in _text(row.get("target_groups")).split("\n") if g.strip()],
        procedure_type=_text(row.get("procedure_type")),
        decision_number=_text(row.get("decision_number")),
        decided_on=_date(row.get("decided_on")),
        steps=_text(row.get("steps")),
        result=_text(row.get("result")),
        conditions=_text(row.get("conditions")),
        online_level=_choice(row.get("online_level"), ONLINE_WORDS, _at(PROCEDURES, "online_level"), required=False)
        or "none",
        source=_text(row.get("source")),
        source_url=_text(row.get("source_url")),
        channels=channels,
        documents=documents,
        legal_basis=legal_basis,
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _at(sheet: str, key: str, row: int | None = None) -> str:
    """Where a value is, for messages: the sheet, the row and the column's title."""
    title = next(c.title for c in SHEETS[sheet] if c.key == key)
    if row is None:
        return f"“{title}”"
    return _("%(sheet)s, row %(row)d, “%(column)s”") % {"sheet": sheet, "row": row, "column": title}


def _choice(value, words: dict[str, str], what: str, *, required: bool = True) -> str | None:
    text = _text(value)
    if not text:
        if required:
            raise RecordError(_("%(what)s is empty") % {"what": what})
        return None
    wanted = fold(text)
    for code, word in words.items():
        if wanted in (fold(word), fold(code)):
            return code
    raise RecordError(
        _('%(what)s "%(value)s" is not valid; choose one of: %(choices)s')
        % {"what": what, "value": text, "choices": ", ".join(words.values())}
    )


def _decimal(value, what: str) -> Decimal | None:
    text = _text(value).replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise RecordError(_('%(what)s "%(value)s" is not a number') % {"what": what, "value": value}) from exc


def _integer(value, what: str) -> int | None:
    number = _decimal(value, what)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise RecordError(_('%(what)s "%(value)s" must be a whole number, 0 or more') % {"what": what, "value": value})
    return int(number)


def _date(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError as exc:
        raise RecordError(_('the date "%(value)s" is not valid (use dd/mm/yyyy)') % {"value": text}) from exc
