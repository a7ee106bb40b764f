"""motcua import-catalog PATH --format national-portal|ministry-export|motcua-json|xlsx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from motcua.catalog.importers import FORMATS, SourceError, guess_format, reader
from motcua.catalog.services import import_catalog


class Command(BaseCommand):
    help = "Import procedures from a catalog file; importing the same file again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format", choices=list(FORMATS), help="the file's format (guessed from its name if absent)"
        )
        parser.add_argument(
            "--draft", action="store_true", help="keep new versions as drafts instead of publishing them"
        )
        parser.add_argument("--no-attach", action="store_true", help="do not link procedures to agencies by name")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path: Path, format: str | None, draft: bool, no_attach: bool, no_progress: bool, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        fmt = format or guess_format(path)
        if fmt is None:
            raise CommandError(f"cannot tell the format of {path.name}; give --format ({', '.join(FORMATS)})")
        bar = tqdm(
            desc=f"{path.name}",
            unit=" thủ tục",
            disable=no_progress or options["verbosity"] == 0,
            file=self.stderr._out,
            leave=False,
        )
        try:
            report = import_catalog(
                parsed=reader(fmt)(path), publish=not draft, attach=not no_attach, on_record=lambda _p: bar.update()
            )
        except (SourceError, ValueError, OSError) as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        finally:
            bar.close()
        print_report(self, report, path.name)


def print_report(command: BaseCommand, report, name: str) -> None:
    out = command.stdout
    out.write(f"{name}: {report.total} records in {report.seconds:.1f} s")
    out.write(f"  created:      {len(report.created)}")
    out.write(f"  new version:  {len(report.new_version)}")
    out.write(f"  unchanged:    {len(report.unchanged)}")
    out.write(f"  failed:       {len(report.failed)}")
    if report.attached:
        out.write(f"  linked to agencies: {report.attached}")
    if report.deadline_rate is not None:
        s = report.stats
        out.write(
            f"  deadlines understood: {s.deadlines_parsed}/{s.deadlines_stated} channel rows "
            f"({report.deadline_rate:.1%})"
        )
    if report.document_rate is not None:
        s = report.stats
        out.write(
            f"  documents understood: {s.documents_parsed}/{s.document_tables} procedures ({report.document_rate:.1%})"
        )
    for failure in report.failed:
        where = f"#{failure.position}" + (f" {failure.code}" if failure.code else "")
        out.write(command.style.WARNING(f"  failed {where}: {failure.reason}"))
