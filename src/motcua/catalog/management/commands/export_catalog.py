"""motcua export-catalog --format motcua-json|xlsx [--output FILE]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importers import motcua_json, xlsx
from motcua.catalog.selectors import export_records


class Command(BaseCommand):
    help = "Export the published catalog (with --include-drafts: the latest version of every procedure)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["motcua-json", "xlsx"], default="motcua-json")
        parser.add_argument("--output", type=Path, help="file to write (default: standard output; required for xlsx)")
        parser.add_argument("--include-drafts", action="store_true")

    def handle(self, *args, format: str, output: Path | None, include_drafts: bool, **options):
        records = export_records(include_drafts=include_drafts)
        if format == "xlsx":
            if output is None:
                raise CommandError("xlsx needs --output FILE")
            truncated: list[str] = []
            count = xlsx.write(records, output, truncated=truncated)
            for where in truncated:
                self.stderr.write(
                    self.style.WARNING(f"{where}: longer than an Excel cell holds (32,767 characters); cut there")
                )
        elif output is None:
            count = motcua_json.write(records, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as stream:
                count = motcua_json.write(records, stream)
        if output is not None:
            self.stderr.write(f"{count} procedures written to {output}")
