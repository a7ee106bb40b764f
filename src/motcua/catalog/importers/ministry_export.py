"""Parser for `ministry-doc-exports.jsonl.gz`: procedures read from the ministries' official
`ChiTietTTHC_<code>.doc` exports.

These have real tables, so the work is in the cells: fees such as "Phí : 2.000.000 Đồng (...)" (several
per cell, USD amounts), the form file name sitting in `so_luong`, quantities in `ghi_chu`
("Bản chính: 1\\nBản sao: 0") and legal codes cut short in `so_ky_hieu` ("12" for 12/2021/QĐ-TTg).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from motcua.catalog.importers.common import (
    document_name,
    iso_date,
    merge_channels,
    online_level,
    parse_channel,
    parse_deadline,
    parse_levels,
    parse_quantity,
    read_jsonl,
    split_groups,
    states_deadline,
    tidy,
    title,
)
from motcua.catalog.importers.fees import parse_fees
from motcua.catalog.importers.legal_codes import LEGAL_CODE, trim_code
from motcua.catalog.importers.records import (
    ChannelRecord,
    DocumentRecord,
    LegalBasisRecord,
    Parsed,
    ParseStats,
    ProcedureRecord,
)
from motcua.core.text import clean

SOURCE = "ministry-export"

_DECISION_PREFIX = re.compile(r"^(?:Quyết định\s+)?(?:số\s*)?", re.IGNORECASE)


def iter_records(path: str | Path) -> Iterator[Parsed]:
    """Parse every procedure of a ministry-export JSONL file (gzip or plain)."""
    return read_jsonl(path, parse, _code_of)


def _code_of(obj: dict) -> str:
    metadata = obj.get("metadata") or {}
    return metadata.get("mã_thủ_tục") or obj.get("thu_tuc_id") or ""


def parse(obj: dict) -> tuple[ProcedureRecord, ParseStats]:
    """One exported procedure → a record and what was understood of it."""
    metadata = obj.get("metadata") or {}
    content = obj.get("content") or {}
    tables = obj.get("tables") or {}
    channels, stats = parse_channel_table(tables.get("hinh_thuc_nop") or [])
    documents = parse_document_table(tables.get("thanh_phan_ho_so") or [])
    name = title(metadata.get("tên_thủ_tục"))
    steps = tidy(content.get("trình_tự_thực_hiện"))
    conditions = tidy(content.get("yêu_cầu_điều_kiện_thực_hiện"))
    record = ProcedureRecord(
        code=clean(_code_of(obj)),
        name=name,
        field=tidy(metadata.get("lĩnh_vực")),
        levels=parse_levels(metadata.get("cấp_thực_hiện")),
        agency=tidy(content.get("cơ_quan_thực_hiện")),
        competent_agency=tidy(content.get("cơ_quan_có_thẩm_quyền")),
        coordinating_agency=tidy(content.get("cơ_quan_phối_hợp")),
        delegated_agency=tidy(content.get("cơ_quan_được_ủy_quyền")),
        reception_address=tidy(content.get("địa_chỉ_tiếp_nhận_hs")),
        target_groups=split_groups(content.get("đối_tượng_thực_hiện")),
        procedure_type=tidy(metadata.get("loại_thủ_tục")),
        decision_number=decision_number(metadata.get("số_quyết_định")),
        steps=steps,
        channels=channels,
        documents=documents,
        result=tidy(content.get("kết_quả_thực_hiện")),
        conditions=conditions,
        legal_basis=[basis for row in tables.get("can_cu_phap_ly") or [] if (basis := legal_basis(row))],
        online_level=online_level([name, steps, conditions], [c.channel for c in channels]),
        source=SOURCE,
        source_url="",  # the exports are files, not pages
    )
    has_table = any(clean(row.get("ten_giay_to")) for row in tables.get("thanh_phan_ho_so") or [])
    stats.document_tables = int(has_table)
    stats.documents_parsed = int(has_table and bool(documents))
    return record, stats


def decision_number(text: str | None) -> str:
    """Read "Quyết định số 6225/QĐ-BQP" or "6225 /QĐ-BQP" → "6225/QĐ-BQP"."""
    text = _DECISION_PREFIX.sub("", clean(text, keep_newlines=False))
    return tidy(re.sub(r"\s*/\s*", "/", text))


def parse_channel_table(rows: list[dict]) -> tuple[list[ChannelRecord], ParseStats]:
    """hinh_thuc_nop rows → channel records; rows with an unknown channel name are left out."""
    channels: list[ChannelRecord] = []
    stats = ParseStats()
    for row in rows:
        channel = parse_channel(row.get("hinh_thuc"))
        if channel is None:
            continue
        deadline_text = row.get("thoi_han_giai_quyet") or ""
        deadline = parse_deadline(deadline_text)
        if states_deadline(deadline_text):
            stats.deadlines_stated += 1
            stats.deadlines_parsed += int(deadline is not None and deadline.amount is not None)
        channels.append(
            ChannelRecord(
                channel=channel,
                deadline=deadline,
                fees=parse_fees(row.get("phi_le_phi")),
                note=tidy(row.get("mo_ta")),
            )
        )
    return merge_channels(channels), stats


def parse_document_table(rows: list[dict]) -> list[DocumentRecord]:
    """thanh_phan_ho_so rows → documents.

    `so_luong` holds the form's file name(s), one a line; the counts are in `ghi_chu`. A row counted
    0 originals and 0 copies whose name ends with ":" ("Trường hợp 2: ..., bao gồm:") heads the rows
    after it and goes into their note instead of being a document.
    """
    documents: list[DocumentRecord] = []
    heading = ""
    for row in rows:
        name = document_name(clean(row.get("ten_giay_to"), keep_newlines=False))
        if not name:
            continue
        originals, copies = parse_quantity(row.get("ghi_chu"))
        forms = [clean(line) for line in (row.get("so_luong") or "").splitlines() if clean(line)]
        if originals == copies == 0 and name.endswith(":"):
            heading = f"{name} ({'; '.join(forms)})" if forms else name
            continue
        documents.append(
            DocumentRecord(name=name, originals=originals, copies=copies, form="; ".join(forms), note=heading)
        )
    return documents


def legal_basis(row: dict) -> LegalBasisRecord | None:
    """One can_cu_phap_ly row; the code is completed from the title when the export cut it short."""
    title = tidy(row.get("trich_yeu"))
    raw_code = clean(row.get("so_ky_hieu"), keep_newlines=False)
    if not raw_code and not title:
        return None
    return LegalBasisRecord(
        code=full_code(raw_code, title),
        title=title or raw_code,
        issued_on=iso_date(row.get("ngay_ban_hanh")),
        issuer=tidy(row.get("co_quan_ban_hanh")),
    )


def full_code(raw_code: str, title: str) -> str:
    """The document code: "Thông tư số 65/2020/TT-BQP" → "65/2020/TT-BQP"; "12" plus a title quoting
    "Quyết định số 12/2021/QĐ-TTg" → "12/2021/QĐ-TTg"; a number nothing completes stays as it is; a
    cell holding a title instead of a code ("BỘ LUẬT HÀNG HẢI VIỆT NAM") gives ""."""
    match = LEGAL_CODE.search(raw_code)
    if match:
        return trim_code(raw_code, match)[0]
    number = re.fullmatch(r"\d+[a-z]?", raw_code)
    if number:
        for candidate in LEGAL_CODE.finditer(title):
            if candidate.group("num") == raw_code:
                return trim_code(title, candidate)[0]
        return raw_code
    return raw_code if re.search(r"\d", raw_code) else ""
