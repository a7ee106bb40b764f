"""The normalised form every catalog source is parsed into, before it touches the database.

Pure Python (no Django): parsers return these records, `motcua-json` is their serialisation, and the
import service turns them into procedure versions. Field names follow the motcua-json format documented
in docs/catalog-format.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field  # `field` is also a record attribute (lĩnh vực)
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.core.text import clean

CHANNELS = ("counter", "online", "postal")
DEADLINE_UNITS = ("working_day", "calendar_day", "working_hour", "month")
LEVELS = ("ministry", "province", "commune", "other")
ONLINE_LEVELS = ("full", "partial", "none")

# The Vietnamese words for each code, as the national database and our spreadsheet template write them.
CHANNEL_WORDS = {"counter": "Trực tiếp", "online": "Trực tuyến", "postal": "Dịch vụ bưu chính"}
UNIT_WORDS = {"working_day": "Ngày làm việc", "calendar_day": "Ngày", "working_hour": "Giờ làm việc", "month": "Tháng"}
LEVEL_WORDS = {"ministry": "Cấp bộ", "province": "Cấp tỉnh", "commune": "Cấp xã", "other": "Cơ quan khác"}
ONLINE_WORDS = {"full": "Toàn trình", "partial": "Một phần", "none": "Không"}


class RecordError(ValueError):
    """A record that cannot be imported; the message says why, in the operator's words."""


@dataclass
class Deadline:
    amount: Decimal | None  # None: the source states no usable amount ("Không có thông tin")
    unit: str | None
    text: str = ""  # what the source said, kept for people to read

    def __post_init__(self) -> None:
        if self.unit is not None and self.unit not in DEADLINE_UNITS:
            raise RecordError(_("unknown deadline unit %(unit)r") % {"unit": self.unit})
        if self.amount is not None:
            self.amount = Decimal(str(self.amount))
            if self.amount < 0:
                raise RecordError(_("a deadline cannot be negative"))


@dataclass
class Fee:
    amount: int | None  # whole currency units; 0 = free; None = only a note
    currency: str = "VND"
    note: str = ""
    label: str = ""  # "Phí" (fee), "Lệ phí" (charge) or empty

    @property
    def is_free(self) -> bool:
        return self.amount == 0


@dataclass
class ChannelRecord:
    channel: str
    deadline: Deadline | None = None
    fees: list[Fee] = dc_field(default_factory=list)
    note: str = ""

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise RecordError(_("unknown channel %(channel)r") % {"channel": self.channel})


@dataclass
class DocumentRecord:
    name: str
    originals: int | None = None  # bản chính
    copies: int | None = None  # bản sao
    form: str = ""  # the form template's name or file name (mẫu đơn, tờ khai)
    note: str = ""


@dataclass
class LegalBasisRecord:
    code: str  # số ký hiệu, e.g. 99/2022/NĐ-CP
    title: str = ""
    issued_on: str = ""  # ISO date when known
    issuer: str = ""


@dataclass
class ProcedureRecord:
    code: str
    name: str
    field: str = ""
    levels: list[str] = dc_field(default_factory=list)
    agency: str = ""  # implementing agency (cơ quan thực hiện), as the source names it
    competent_agency: str = ""  # cơ quan có thẩm quyền
    coordinating_agency: str = ""  # cơ quan phối hợp
    delegated_agency: str = ""  # cơ quan được ủy quyền
    reception_address: str = ""
    target_groups: list[str] = dc_field(default_factory=list)
    procedure_type: str = ""  # loại thủ tục
    decision_number: str = ""  # số quyết định công bố
    decided_on: str = ""  # ISO date of the decision when known
    steps: str = ""  # trình tự thực hiện, as text
    channels: list[ChannelRecord] = dc_field(default_factory=list)
    documents: list[DocumentRecord] = dc_field(default_factory=list)
    result: str = ""
    conditions: str = ""
    legal_basis: list[LegalBasisRecord] = dc_field(default_factory=list)
    online_level: str = "none"
    source: str = ""
    source_url: str = ""

    def __post_init__(self) -> None:
        self.code = self.code.strip()
        self.name = clean(self.name, keep_newlines=False)  # names are one line wherever they are shown
        if not self.code:
            raise RecordError(_("the procedure has no code"))
        if not self.name.strip():
            raise RecordError(_("procedure %(code)s has no name") % {"code": self.code})
        unknown = [lv for lv in self.levels if lv not in LEVELS]
        if unknown:
            raise RecordError(
                _("procedure %(code)s: unknown level %(level)r") % {"code": self.code, "level": unknown[0]}
            )
        if self.online_level not in ONLINE_LEVELS:
            raise RecordError(
                _("procedure %(code)s: unknown online level %(level)r")
                % {"code": self.code, "level": self.online_level}
            )

    # --- serialisation (motcua-json) -------------------------------------------------------------

    def to_dict(self) -> dict:
        data = asdict(self)
        for channel in data["channels"]:
            deadline = channel["deadline"]
            if deadline is not None and deadline["amount"] is not None:
                deadline["amount"] = _number(deadline["amount"])
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ProcedureRecord:
        if not isinstance(data, dict):
            raise RecordError(_("a procedure must be a JSON object"))
        try:
            channels = [
                ChannelRecord(
                    channel=c["channel"],
                    deadline=Deadline(**c["deadline"]) if c.get("deadline") else None,
                    fees=[Fee(**f) for f in c.get("fees") or []],
                    note=c.get("note") or "",
                )
                for c in data.get("channels") or []
            ]
            documents = [DocumentRecord(**d) for d in data.get("documents") or []]
            legal_basis = [LegalBasisRecord(**b) for b in data.get("legal_basis") or []]
            simple = {k: v for k, v in data.items() if k not in {"channels", "documents", "legal_basis"}}
            return cls(channels=channels, documents=documents, legal_basis=legal_basis, **simple)
        except (TypeError, KeyError, ArithmeticError) as exc:
            code = data.get("code", "?")
            raise RecordError(
                _("procedure %(code)s: malformed record (%(error)s)") % {"code": code, "error": exc}
            ) from exc

    def content_hash(self) -> str:
        """A fingerprint of everything the record says; equal records import as 'unchanged'."""
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class ParseStats:
    """What a parser understood of one source record; summed into the import report's parse rates."""

    deadlines_stated: int = 0  # channel rows whose source states a deadline
    deadlines_parsed: int = 0  # ... of those, rows that got an amount and a unit
    document_tables: int = 0  # 1 when the source has a document table with content
    documents_parsed: int = 0  # 1 when documents were extracted from that table

    def __add__(self, other: ParseStats) -> ParseStats:
        return ParseStats(
            self.deadlines_stated + other.deadlines_stated,
            self.deadlines_parsed + other.deadlines_parsed,
            self.document_tables + other.document_tables,
            self.documents_parsed + other.documents_parsed,
        )


@dataclass
class Parsed:
    """One source record read by a parser: a record, or the reason it could not be read."""

    position: int  # line or row number in the source file, for the report
    code: str  # the procedure code when it could be read, else ""
    record: ProcedureRecord | None = None
    error: str = ""
    stats: ParseStats = dc_field(default_factory=ParseStats)
