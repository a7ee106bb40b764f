"""Test data: records as the importers make them, and the database rows they become."""

from __future__ import annotations

from decimal import Decimal

from motcua.catalog.importers.records import (
    ChannelRecord,
    Deadline,
    DocumentRecord,
    Fee,
    LegalBasisRecord,
    ProcedureRecord,
)
from motcua.catalog.services import create_version_from_record
from motcua.core.models import Agency, Role
from motcua.core.services import upsert_agency, upsert_staff


def record(code: str = "1.000001", name: str = "Cấp giấy phép xây dựng", **overrides) -> ProcedureRecord:
    data = dict(
        code=code,
        name=name,
        field="Hoạt động xây dựng",
        levels=["province"],
        agency="Sở Xây dựng",
        competent_agency="Ủy ban nhân dân cấp tỉnh",
        target_groups=["Công dân Việt Nam", "Doanh nghiệp"],
        procedure_type="TTHC được luật giao quy định chi tiết",
        decision_number="QĐ 1234/QĐ-BXD",
        decided_on="2025-07-01",
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        channels=[
            ChannelRecord(
                "counter",
                Deadline(Decimal(15), "working_day", "15 Ngày làm việc"),
                [Fee(150000, "VND", "", "Lệ phí")],
                "Nộp tại Trung tâm",
            ),
            ChannelRecord(
                "online",
                Deadline(Decimal(15), "working_day", "15 Ngày làm việc"),
                [Fee(75000, "VND", "Giảm 50% khi nộp trực tuyến", "Lệ phí")],
            ),
        ],
        documents=[
            DocumentRecord("Đơn đề nghị cấp giấy phép xây dựng", 1, 0, "Mẫu số 01.docx"),
            DocumentRecord("Bản vẽ thiết kế xây dựng", 2, 0),
            DocumentRecord("Giấy tờ chứng minh quyền sử dụng đất", 0, 1),
        ],
        result="Giấy phép xây dựng",
        conditions="Không",
        legal_basis=[LegalBasisRecord("50/2014/QH13", "Luật Xây dựng", "2014-06-18", "Quốc hội")],
        online_level="partial",
        source="test",
    )
    data.update(overrides)
    return ProcedureRecord(**data)


def procedure_version(publish: bool = True, **overrides):
    return create_version_from_record(record=record(**overrides), publish=publish)


def agency(code: str = "000.00.06.H99", name: str = "Sở Xây dựng", **kwargs) -> Agency:
    kwargs.setdefault("level", "province")
    kwargs.setdefault("kind", "department")
    return upsert_agency(code=code, name=name, **kwargs)


def staff_user(username: str = "chuyenvien", role: str = Role.SPECIALIST, at: Agency | None = None, **kwargs):
    at = at or agency()
    return upsert_staff(
        username=username, full_name=username.title(), password="pw-for-tests", roles=[(role, at)], **kwargs
    )
