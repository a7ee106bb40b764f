"""motcua-json: our interchange format for the catalog (docs/catalog-format.md).

{"format": "motcua-catalog", "version": 1, "procedures": [ProcedureRecord.to_dict(), ...]}
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from motcua.catalog.importers.records import Parsed, ProcedureRecord, RecordError

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1


class FormatError(ValueError):
    """The file as a whole is not a motcua-json catalog."""


def iter_records(path: str | Path) -> Iterator[Parsed]:
    data = _load(Path(path))
    for position, item in enumerate(data["procedures"], start=1):
        code = item.get("code", "") if isinstance(item, dict) else ""
        try:
            record = ProcedureRecord.from_dict(item)
        except RecordError as exc:
            yield Parsed(position=position, code=str(code), error=str(exc))
            continue
        yield Parsed(position=position, code=record.code, record=record)


def _load(path: Path) -> dict:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(_("%(file)s is not valid JSON: %(error)s") % {"file": path.name, "error": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise FormatError(
            _('%(file)s is not a motcua catalog (expected "format": "%(format)s")')
            % {"file": path.name, "format": FORMAT_NAME}
        )
    if data.get("version") != FORMAT_VERSION:
        raise FormatError(
            _("%(file)s has format version %(version)r; this motcua reads %(supported)s")
            % {"file": path.name, "version": data.get("version"), "supported": FORMAT_VERSION}
        )
    if not isinstance(data.get("procedures"), list):
        raise FormatError(_('%(file)s has no "procedures" list') % {"file": path.name})
    return data


def write(records: Iterable[ProcedureRecord], stream: IO[str]) -> int:
    """Write the catalog; returns how many procedures were written. Streams, one procedure at a time."""
    stream.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, "procedures": [\n')
    count = 0
    for record in records:
        if count:
            stream.write(",\n")
        stream.write(json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True))
        count += 1
    stream.write("\n]}\n")
    return count
