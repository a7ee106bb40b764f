"""Reading a filled-in xlsx template into records; each bad row fails its procedure only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

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
from motcua.catalog.importers.xlsx.layout import (
    CHANNELS,
    DOCUMENTS,
    FEES,
    LEGAL_BASIS,
    PROCEDURES,
    SHEETS,
    FormatError,
)
from motcua.core.text import fold


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
