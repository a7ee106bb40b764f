"""What each printed form (Circular 03/2025, Phụ lục I, Mẫu 01-07) shows: plain values, no Django models.

Whoever prints a form fills one of these from the database; the renderer only formats them. Names of agencies
and centres are given in their ordinary case ("Sở Xây dựng"): the header prints them in capitals and the body
text uses them inside sentences. Datetimes are aware and printed in the site's time zone (Asia/Ho_Chi_Minh by
default); a naive datetime is taken as already local. A count of 0 prints as an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Party:
    """The applicant: a person (ID number) or an organisation (tax code)."""

    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    organisation: bool = False  # chooses how the letters address them: "Ông/Bà" or "Quý cơ quan, tổ chức"


@dataclass(frozen=True, slots=True)
class Header:
    """The issuing body of the top-left block, and the place of the date line."""

    # A line break in a name ("Trung tâm Phục vụ\nhành chính công") is where the letterhead breaks it; without
    # one, a long name breaks before its place ("Ủy ban nhân dân / tỉnh Hòa An").
    agency_name: str  # e.g. "Trung tâm Phục vụ hành chính công" or "Sở Xây dựng": printed bold
    parent_name: str = ""  # e.g. "Ủy ban nhân dân tỉnh Hòa An": printed above, not bold
    centre_name: str = ""  # the one-stop desk that received the dossier, named in the body text
    place: str = ""  # "Hòa An" in "Hòa An, ngày 22 tháng 11 năm 2026"


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One paper of the dossier (thành phần hồ sơ) with how many of each kind were given or are needed."""

    name: str
    originals: int = 0  # bản chính
    copies: int = 0  # bản sao (photocopy)
    certified_copies: int = 0  # bản sao có chứng thực
    note: str = ""  # printed under the name; on Mẫu 02 it says what to complete


@dataclass(frozen=True, slots=True, kw_only=True)
class Receipt:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    header: Header
    code: str
    lookup_url: str  # goes into the QR code
    applicant: Party
    procedure_name: str
    received_at: datetime
    due_at: datetime
    limit_text: str  # "15 ngày làm việc"
    return_at: str  # "Trung tâm Phục vụ hành chính công tỉnh Hòa An", "Qua dịch vụ bưu chính", "Trực tuyến"
    officer_name: str
    issued_at: date | datetime
    procedure_code: str = ""
    documents: list[DocumentLine] = field(default_factory=list)
    sets: int = 1  # số lượng hồ sơ (bộ)
    book_volume: str = ""  # Sổ theo dõi hồ sơ: quyển số
    book_number: str = ""  # Sổ theo dõi hồ sơ: số thứ tự
    lookup_secret: str = ""  # printed so the applicant can look the dossier up by code + secret
    submitter_name: str = ""  # who brought the dossier, if not the applicant (an organisation's representative)


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementRequest:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. At the counter (guided once) there is no code yet."""

    header: Header
    applicant: Party
    procedure_name: str
    items: list[DocumentLine]  # what to complete; each line's note says how
    reason: str
    officer_name: str
    issued_at: date | datetime
    code: str = ""
    lookup_url: str = ""
    received_at: datetime | None = None  # when the dossier was received, if it was
    contact_name: str = ""  # whom to ask while completing the dossier
    contact_phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ. A refusal at the counter has no code."""

    header: Header
    applicant: Party
    procedure_name: str
    reason: str
    officer_name: str
    issued_at: date | datetime
    code: str = ""
    legal_basis: str = ""  # "Căn cứ quy định tại ..." when the officer names the rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Apology:
    """Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ (signed by the late unit)."""

    header: Header
    code: str
    lookup_url: str
    applicant: Party
    procedure_name: str
    received_at: datetime
    old_due_at: datetime
    new_due_at: datetime
    reason: str
    signer_name: str
    signer_title: str  # "GIÁM ĐỐC", or two lines "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    issued_at: date | datetime
    number: str = ""  # the letter's number, "Số: 12/TB-TTPVHCC"; dotted blank when empty


@dataclass(frozen=True, slots=True, kw_only=True)
class StopNotice:
    """Mẫu 05 — Thông báo dừng giải quyết hồ sơ."""

    header: Header
    code: str
    applicant: Party
    procedure_name: str
    received_at: datetime
    reason: str
    signer_name: str
    signer_title: str
    issued_at: date | datetime
    lookup_url: str = ""
    number: str = ""


@dataclass(frozen=True, slots=True)
class Handover:
    """One row of Mẫu 06: a step's hand-over. Rows not yet done keep blanks to be filled by hand."""

    step_name: str
    agency_name: str = ""
    handed_at: datetime | None = None
    giver: str = ""
    receiver: str = ""
    timeliness: str = ""  # "early", "on_time", "late" (the models' Timeliness values) or "" when not done
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlSlip:
    """Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ; travels with the paper dossier."""

    header: Header
    code: str
    lookup_url: str
    applicant_name: str
    agency_name: str  # cơ quan (bộ phận) giải quyết hồ sơ
    rows: list[Handover]
    procedure_name: str = ""
    issued_at: date | datetime | None = None


@dataclass(frozen=True, slots=True)
class BookRow:
    """One line of Mẫu 07."""

    number: int
    code: str
    procedure_name: str
    applicant_name: str
    applicant_contact: str = ""  # address and phone, as one text
    lead_agency: str = ""  # cơ quan chủ trì giải quyết
    received_at: datetime | None = None
    due_at: datetime | None = None
    returned_at: datetime | None = None
    return_method: str = ""  # "Tại Trung tâm", "Bưu chính", "Trực tuyến"


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackingBook:
    """Mẫu 07 — Sổ theo dõi hồ sơ, printed in A4 landscape; the column heads repeat on every page."""

    header: Header
    agency_name: str
    period_from: date
    period_to: date
    rows: list[BookRow]
    book_volume: str = ""


Form = Receipt | SupplementRequest | Refusal | Apology | StopNotice | ControlSlip | TrackingBook
