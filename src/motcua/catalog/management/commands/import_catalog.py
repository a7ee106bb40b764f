"""motcua import-catalog PATH --format national-portal|ministry-export|motcua-json|xlsx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
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
    out.write(
        _("%(file)s: %(total)d records in %(seconds).1f s")
        % {"file": name, "total": report.total, "seconds": report.seconds}
    )
    for label, count in [
        (_("created"), len(report.created)),
        (_("new version"), len(report.new_version)),
        (_("unchanged"), len(report.unchanged)),
        (_("failed"), len(report.failed)),
        (_("linked to agencies"), report.attached),
    ]:
        out.write(f"  {label + ':':<22}{count}")
    s = report.stats
    if report.deadline_rate is not None:
        out.write(
            "  "
            + _("deadlines understood: %(parsed)d of %(stated)d channel rows (%(rate).1f%%)")
            % {"parsed": s.deadlines_parsed, "stated": s.deadlines_stated, "rate": 100 * report.deadline_rate}
        )
    if report.document_rate is not None:
        out.write(
            "  "
            + _("documents understood: %(parsed)d of %(tables)d procedures (%(rate).1f%%)")
            % {"parsed": s.documents_parsed, "tables": s.document_tables, "rate": 100 * report.document_rate}
        )
    for failure in report.failed:
        where = f"#{failure.position}" + (f" {failure.code}" if failure.code else "")
        out.write(
            command.style.WARNING("  " + _("failed %(where)s: %(reason)s") % {"where": where, "reason": failure.reason})
        )
