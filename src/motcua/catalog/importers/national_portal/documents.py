"""The document table of a portal page (thành phần hồ sơ): name, form file, originals and copies run together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from motcua.catalog.importers.common import document_name, is_unknown, parse_quantity
from motcua.catalog.importers.legal_codes import LEGAL_CODE, trim_code
from motcua.catalog.importers.records import (
    DocumentRecord,
)
from motcua.core.text import clean

# --- documents ------------------------------------------------------------------------------------

_DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# The quantity that ends a row: "1 bản chính" or "0 bản chính,1 bản sao", glued to the next row (or to
# ".Bản chính ..." when the next name starts with a stray dot). A quantity quoted inside a name is
# followed by a space or punctuation ("(01 bản chính hoặc 01 bản sao)") or directly by the row's real
# quantity ("...: 01 bản chính1 bản chính").
_QUANTITY = re.compile(
    r"(\d+) bản chính(?:,(\d+) bản sao)?"
    r"(?![ ),;:]|[.,](?![A-ZĐÀ-Ỹ])|\d+ bản chính(?:,\d+ bản sao)?(?![ ),.;:]))"
)
_FILE_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|rar|zip|odt)", re.IGNORECASE)
# Words a form's file name starts with ("Mus" is "Mẫu số" with its diacritics lost, "47-Mẫu 8A" a
# numbered template).
_FORM_WORD = r"Mẫu|Mau|MẪU|mẫu|mau|Mus(?=\d)|Phụ lục|PHỤ LỤC|Phu luc|PL(?= ?\d| [IVX])|Biểu mẫu|Tờ khai|Đơn|Phiếu|Phlc"
# Where a form's file name may start, glued to the end of the document name: after ";", ":", ")" (not
# ")."), ")." or a comma; a dot between words ("CP.Mẫu", "bản.1.Mau"), after a year ("30/6/2023.NA5")
# or after an issuer ("BNNMT.22b") but not inside a file name ("Mẫu 09.TT41", "39.2025", "I.1.8");
# after "theo mẫu" / "quy định" ("theo quy địnhvăn bản đề nghị.docx"); before a form word ("CPMẫu 24",
# "2026Mẫu số 11") or a numbered template ("chiến sĩ18-Mẫu TK8").
_STRONG_BOUNDARY = re.compile(
    r"(?<=[;:])(?=[^\W_])|(?<=\))(?=[^\s.,;:)])|(?<=\)\.)(?=[^\W_])|(?<=[^\d\s],)(?=[^\W\d_])"
    r"|(?<=[^\W\d_]\.)(?=[^\W\d_])|(?<=[a-zà-ỹđ]{2}\.)(?=\d)|(?<=[A-ZĐ]{4}\.)(?=\d)"
    r"|(?<=[/ ]\d{4}\.)(?=[^\W\d_])|(?<=theo mẫu)(?=[^\s,.;:)])|(?<=quy định)(?=[^\s,.;:)])"
    rf"|(?<=[^\s(\-_/])(?={_FORM_WORD})|(?<=[^\s(\-_/\d])(?=\d{{1,3}}-Mẫu)"
)
_LONGEST_FORM_NAME = 300
_LIST_LABEL = re.compile(r"\d+\)")
# Rows that remark on the table rather than name a document.
_NOTE_ROW = re.compile(r"(?:\*\s*)?(?:Lưu ý|Ghi chú|Số lượng hồ sơ)\b", re.IGNORECASE)


@dataclass
class DocumentTable:
    has_table: bool = False  # the page has a document table with content
    documents: list[DocumentRecord] = field(default_factory=list)


def parse_documents(text: str) -> DocumentTable:
    """Split the run-together document tables: [heading]<header><rows>[heading]<header><rows>...

    Each row is <name>[<form file name>]<quantity>. Headings never become documents: the text between a
    group's last quantity and the next header heads the next group ("Trường hợp ủy quyền:"), and a row
    "...gồm:" counted 0 originals and 0 copies heads the rows after it; both go into those rows' note.
    """
    # Cleaned once for the whole section (a tab after a quantity separates rows, so it becomes a line
    # break); the pieces cut from it then only need stripping.
    groups = clean(text.replace("\t", "\n")).split(_DOCUMENT_HEADER)
    if len(groups) < 2 or not any(body.strip() for body in groups[1:]):
        return DocumentTable()
    documents: list[DocumentRecord] = []
    has_content = False
    heading = _heading(groups[0])
    for body in groups[1:]:
        rows, rest = _rows(body)
        subheading = ""
        for row, originals, copies in rows:
            document = _document(row, originals, copies, "\n".join(filter(None, [heading, subheading])))
            if is_unknown(document.name):  # a lone "Không quy định" row
                continue
            has_content = True
            if originals == copies == 0 and document.name.endswith(":"):
                subheading = document.name
            elif _NOTE_ROW.match(document.name) and documents:
                _add_note(documents[-1], document.name)
            else:
                documents.append(document)
        heading = _heading(rest)
        has_content = has_content or bool(heading)
    if heading and documents:  # text after the page's last quantity: a note on the table
        _add_note(documents[-1], heading)
    return DocumentTable(has_table=has_content, documents=documents)


def _rows(body: str) -> tuple[list[tuple[str, int, int]], str]:
    """The (row text, originals, copies) of one table body, and the text after its last quantity."""
    rows = []
    start = 0
    for match in _QUANTITY.finditer(body):
        # Portal counts are single digits: in "Mẫu số 181 bản chính" the "18" belongs to the name.
        count_start = match.end(1) - 1
        originals, copies = parse_quantity(body[count_start : match.end()])
        rows.append((body[start:count_start], originals or 0, copies or 0))
        start = match.end()
    return rows, body[start:]


def _heading(text: str) -> str:
    text = text.replace("\n", " ").strip(" -")
    return "" if is_unknown(text) else text


def _add_note(document: DocumentRecord, note: str) -> None:
    document.note = f"{document.note}\n{note}".strip()


def _document(row: str, originals: int, copies: int, note: str) -> DocumentRecord:
    name, form = split_form(row)
    name = document_name(name)
    return DocumentRecord(name=name or form, originals=originals, copies=copies, form=form, note=note)


def split_form(row: str) -> tuple[str, str]:
    """Split "<name><form file name(s)>" where the form cell ends with a file extension.

    The form's file names are glued to the name, so the boundary is guessed: the last strong boundary
    (see _STRONG_BOUNDARY) or the end of a legal code glued to what follows ("NĐ-CPmau so 12.doc"), else
    the first case or letter-to-digit glue ("nội địaTờ khai", "Chăn nuôi08.pdf"). No boundary: the row is
    all name.
    """
    row = row.strip()
    files_start = _first_glued_file(row)
    if files_start is None:
        return row, ""
    cut = _form_boundary(row[:files_start])
    if cut is None:
        return row, ""
    tail = row[cut:]
    ends = [match.end() for match in _FILE_EXT.finditer(tail)]
    files = [tail[start:end].strip() for start, end in zip([0, *ends], ends, strict=False)]
    return row[:cut], "; ".join(name for name in files if name)


def _first_glued_file(row: str) -> int | None:
    """Start of the extension of the first file in the chain of file names ending the row."""
    extensions = list(_FILE_EXT.finditer(row))
    if not extensions or extensions[-1].end() != len(row):
        return None
    first = extensions[-1]
    for match in reversed(extensions[:-1]):
        following = row[match.end() : match.end() + 1]
        if not following or following.isspace() or following in ",;":
            break
        first = match
    return first.start()


def _form_boundary(head: str) -> int | None:
    window = max(0, len(head) - _LONGEST_FORM_NAME)  # a form's file name starts near the end
    strong = [match.start() for match in _STRONG_BOUNDARY.finditer(head, window)]
    for code in LEGAL_CODE.finditer(head, window):
        end = trim_code(head, code)[2]
        if 0 < end < len(head) and not head[end].isspace() and head[end] not in ".,;)":
            strong.append(end)
    if strong:
        return max(strong)
    return next((i for i in range(max(window, 2), len(head)) if _weak_boundary(head, i)), None)


def _weak_boundary(text: str, i: int) -> bool:
    """A lower-case letter glued to an upper-case one or a digit ("nội địaTờ khai", "nuôi08.pdf"), but not
    a list label such as "d5)"."""
    if not text[i - 1].islower():
        return False
    if text[i].isdigit():
        return text[i - 2].isalpha() or not _LIST_LABEL.match(text, i)
    return text[i].isupper()
