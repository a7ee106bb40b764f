"""Parser for `national-portal-pages.jsonl.gz`: procedure pages of the national public service portal.

Each object holds the page text split into sections; table cells are run together with no separator.
The crawler split some pages at the wrong place (a section title quoted inside the steps or a fee note),
so the table sections are re-cut from `raw_text`, whose section titles are unambiguous once anchored on
the table headers; the crawler's fields are the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from motcua.catalog.importers.common import (
    is_unknown,
    online_level,
    parse_levels,
    read_jsonl,
    split_groups,
    tidy,
    title,
)
from motcua.catalog.importers.national_portal.channels import parse_channel_rows, split_row
from motcua.catalog.importers.national_portal.documents import DocumentTable, parse_documents, split_form
from motcua.catalog.importers.national_portal.legal_basis import parse_legal_basis
from motcua.catalog.importers.records import Parsed, ParseStats, ProcedureRecord
from motcua.core.text import clean

SOURCE = "national-portal"

_CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_CHANNELS_TITLE = "Cách Thức Thực Hiện" + _CHANNEL_HEADER
_DOCUMENTS_TITLE = "Thành phần hồ sơ"
# The legal section title is followed by its table header or a placeholder; nothing else matches.
_LEGAL_TITLE = re.compile(r"Căn cứ pháp lý(?=Tên văn bản pháp lýMã văn bản|Không có thông tin)")
_AGENCY_TITLE = "Cơ quan thực hiện"
_CONDITIONS_TITLE = "Yêu cầu, điều kiện thực hiện"
_RESULT_TITLE = "Kết quả xử lý"
_PAGE_TAIL = re.compile(r"Từ khóa|Chọn cơ quan thực hiện")


def iter_records(path: str | Path) -> Iterator[Parsed]:
    """Parse every procedure of a national-portal JSONL file (gzip or plain)."""
    return read_jsonl(path, parse, lambda obj: obj.get("ma_thu_tuc", ""))


def parse(obj: dict) -> tuple[ProcedureRecord, ParseStats]:
    """One portal page object → a record and what was understood of it."""
    sections = _sections(obj)
    channels, deadline_stats = parse_channel_rows(sections["channels"])
    documents = parse_documents(sections["documents"])
    name = title(obj.get("ten_thu_tuc"))
    steps = tidy(obj.get("trinh_tu_thuc_hien"))
    conditions = tidy(sections["conditions"])
    record = ProcedureRecord(
        code=clean(obj.get("ma_thu_tuc")),
        name=name,
        field=tidy(obj.get("linh_vuc")),
        levels=parse_levels(obj.get("cap_thuc_hien")),
        agency=tidy(sections["agency"]),
        competent_agency=tidy(obj.get("co_quan_co_tham_quyen")),
        coordinating_agency=tidy(obj.get("co_quan_phoi_hop")),
        delegated_agency=tidy(obj.get("co_quan_duoc_uy_quyen")),
        reception_address=tidy(obj.get("dia_chi_tiep_nhan")),
        target_groups=split_groups(obj.get("doi_tuong_thuc_hien")),
        procedure_type=tidy(obj.get("loai_thu_tuc")),
        decision_number=tidy(obj.get("so_quyet_dinh")),
        steps=steps,
        channels=channels,
        documents=documents.documents,
        result=parse_result(sections["result"]),
        conditions=conditions,
        legal_basis=parse_legal_basis(sections["legal"]),
        online_level=online_level([name, steps, conditions], [c.channel for c in channels]),
        source=SOURCE,
        source_url=clean(obj.get("detail_url")),
    )
    stats = ParseStats(
        deadlines_stated=deadline_stats.deadlines_stated,
        deadlines_parsed=deadline_stats.deadlines_parsed,
        document_tables=int(documents.has_table),
        documents_parsed=int(documents.has_table and bool(documents.documents)),
    )
    return record, stats


# --- sections -------------------------------------------------------------------------------------


def _sections(obj: dict) -> dict[str, str]:
    """The table and tail sections of a page, cut from raw_text when its titles are all found."""
    fields = {
        "channels": _strip_header(obj.get("cach_thuc_thuc_hien") or ""),
        "documents": obj.get("thanh_phan_ho_so") or "",
        "legal": obj.get("can_cu_phap_ly") or "",
        "agency": obj.get("co_quan_thuc_hien") or "",
        "conditions": _cut_tail(obj.get("yeu_cau_dieu_kien") or ""),
        "result": obj.get("ket_qua_xu_ly") or "",
    }
    raw = obj.get("raw_text") or ""
    start = raw.find(_CHANNELS_TITLE)
    legal = _LEGAL_TITLE.search(raw, start) if start >= 0 else None
    if legal is None:
        return fields
    channels_start = start + len(_CHANNELS_TITLE)
    documents = raw.find(_DOCUMENTS_TITLE, channels_start, legal.start())
    agency = raw.find(_AGENCY_TITLE, legal.end())
    conditions = raw.find(_CONDITIONS_TITLE, agency)
    if documents < 0 or agency < 0 or conditions < 0:
        return fields
    result = raw.find(_RESULT_TITLE, conditions)
    tail = raw[conditions + len(_CONDITIONS_TITLE) :]
    return {
        "channels": raw[channels_start:documents],
        "documents": raw[documents + len(_DOCUMENTS_TITLE) : legal.start()],
        "legal": raw[legal.end() : agency],
        "agency": raw[agency + len(_AGENCY_TITLE) : conditions],
        # Without a result title the conditions run into the page tail ("Từ khóa...").
        "conditions": raw[conditions + len(_CONDITIONS_TITLE) : result] if result >= 0 else _cut_tail(tail),
        "result": raw[result + len(_RESULT_TITLE) :] if result >= 0 else "",
    }


def _strip_header(text: str) -> str:
    index = text.find(_CHANNEL_HEADER)
    return text[index + len(_CHANNEL_HEADER) :] if index >= 0 else text


def _cut_tail(text: str) -> str:
    """Drop the portal's page tail (keywords, description, agency picker) from a section."""
    match = _PAGE_TAIL.search(text)
    return text[: match.start()] if match else text


# --- result ---------------------------------------------------------------------------------------

# "Mã: KQ.G01.000064", "Mã: 000.00.00.G12-KQ0001", "Mã: KQ-G10.000123", "Mã: VBTT": result codes.
_RESULT_CODE = re.compile(r"Mã:\s?(?:[A-Z]+[.-])?(?:[A-Z]*\d+[.-])*(?:[A-Z]*\d+|[A-Z]+(?=Từ khóa|$))")


def parse_result(text: str) -> str:
    """The result section without result codes and portal page furniture; one result a line."""
    text = _cut_tail(text)
    results = [tidy(part) for part in _RESULT_CODE.split(text)]
    return "\n".join(result for result in results if result and not is_unknown(result))


__all__ = [
    "DocumentTable",
    "iter_records",
    "parse",
    "parse_channel_rows",
    "parse_documents",
    "parse_legal_basis",
    "parse_result",
    "split_form",
    "split_row",
]
