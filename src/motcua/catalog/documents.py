"""What the catalog's list of documents (thành phần hồ sơ) says about each paper. Pure Python."""

from __future__ import annotations

from motcua.core import text

# "(nếu có)" (if any), "trường hợp ..." (in the case of ...): the paper depends on the applicant's case.
OPTIONAL_MARKS = ("neu co", "truong hop", "if any", "where applicable")


def is_optional(name: str) -> bool:
    """Whether the catalog makes this paper conditional rather than always required."""
    folded = text.fold(name)
    return any(mark in folded for mark in OPTIONAL_MARKS)
