"""The legal basis table of a portal page: titles and document codes run together."""

from __future__ import annotations

import re

from motcua.catalog.importers.common import is_unknown
from motcua.catalog.importers.legal_codes import LEGAL_CODE, trim_code
from motcua.catalog.importers.records import (
    LegalBasisRecord,
)
from motcua.core.text import clean

# --- legal basis ----------------------------------------------------------------------------------

_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_DOCUMENT_TYPE = r"(?:Bộ luật|Luật|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Pháp lệnh|Lệnh)"
_BARE_TYPE = re.compile(_DOCUMENT_TYPE)
# What may precede the code inside a code cell: "Luật số 32/2024/QH15", "số 07/2026/TT-BNNMT".
_CELL_PREFIX = re.compile(rf"(?:{_DOCUMENT_TYPE}\s*)?(?:[Ss]ố\s*)?$")


def parse_legal_basis(text: str) -> list[LegalBasisRecord]:
    """Split "<title><code><title><code>..." into records.

    A code cell is glued to the title before it or to the next title (or ends the text); a code quoted
    inside a title has a space on both sides ("Nghị định số 356/2025/NĐ-CP quy định ...").
    """
    index = text.find(_LEGAL_HEADER)
    text = clean(text[index + len(_LEGAL_HEADER) :] if index >= 0 else text, keep_newlines=False)
    if is_unknown(text):
        return []
    records: dict[str, LegalBasisRecord] = {}
    title_start = 0
    for code_match in LEGAL_CODE.finditer(text):
        code, code_start, code_end = trim_code(text, code_match)
        if not _glued_before(text, code_start) and _continues_title(text, code_end):
            continue
        cell_start = code_start
        if code_start == code_match.start():  # not glued to a year: the cell may name the document type
            prefix = _CELL_PREFIX.search(text, max(title_start, code_start - 30), code_start)
            cell_start = prefix.start() if prefix else code_start
        title = text[title_start:cell_start].strip(" ,;:-")
        if not title or _BARE_TYPE.fullmatch(title):  # no title, or one that only says "Luật"
            title = f"{text[cell_start:code_start].strip() or title} {code}".strip()
        _add_legal(records, code, title)
        title_start = code_end
    rest = text[title_start:].strip()
    embedded = LEGAL_CODE.search(rest)
    if embedded and embedded.group("year"):
        _add_legal(records, trim_code(rest, embedded)[0], rest)
    return list(records.values())


def _glued_before(text: str, start: int) -> bool:
    """A code glued to the word before it ("Luật thú y35/2016/NĐ-CP") is a code cell: in a sentence a
    code follows a space or "("."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".;")


def _continues_title(text: str, end: int) -> bool:
    """A code followed by a space, punctuation or "ngày ..." is quoted inside a title, not a code cell."""
    following = text[end : end + 1]
    return bool(following) and (following.isspace() or following in ",;:.)" or text.startswith("ngày", end))


def _add_legal(records: dict[str, LegalBasisRecord], code: str, title: str) -> None:
    """Keep one record per code (a title often quotes its own code right before the code cell)."""
    known = records.get(code)
    if known is None:
        records[code] = LegalBasisRecord(code=code, title=title)
    elif len(title) > len(known.title) and title != code:
        known.title = title
