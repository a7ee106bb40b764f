"""What a reception is given: the applicant, the documents handed in, the fees."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ApplicantInput:
    name: str
    id_number: str
    kind: str = "person"
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class DocumentInput:
    name: str
    originals: int = 0
    copies: int = 0
    file_ids: list[int] = field(default_factory=list)


@dataclass
class FeeInput:
    label: str
    amount: int
    currency: str = "VND"
    receipt_number: str = ""
    method: str = ""  # cash | transfer | card; empty = due at return
