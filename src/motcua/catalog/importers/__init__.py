"""Readers of catalog sources, each turning a file into `Parsed` records (see records.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

from django.utils.translation import gettext as _

from motcua.catalog.importers.records import Parsed

FORMATS = {
    "national-portal": "motcua.catalog.importers.national_portal",
    "ministry-export": "motcua.catalog.importers.ministry_export",
    "motcua-json": "motcua.catalog.importers.motcua_json",
    "xlsx": "motcua.catalog.importers.xlsx",
}


class SourceError(ValueError):
    """The file as a whole cannot be read in that format."""


def reader(fmt: str) -> Callable[[Path], Iterator[Parsed]]:
    if fmt not in FORMATS:
        raise SourceError(
            _("unknown format %(format)r; choose one of: %(formats)s") % {"format": fmt, "formats": ", ".join(FORMATS)}
        )
    return import_module(FORMATS[fmt]).iter_records


def guess_format(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if "national-portal" in name:
        return "national-portal"
    if "ministry" in name:
        return "ministry-export"
    if name.endswith((".json", ".json.gz")):
        return "motcua-json"
    return None
