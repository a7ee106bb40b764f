"""motcua demo: the demo province, its centres, staff, catalog and a year of dossiers. Safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.demo.build import build_demo
from motcua.demo.province import DEMO_PASSWORD, PROVINCIAL_CENTRE

DEFAULT_DOSSIERS = 20_000


class Command(BaseCommand):
    help = (
        "Load the demo province (agencies, centres, counters, staff, real procedures, a year of dossiers). "
        "Re-running keeps data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--catalog-dir", type=Path, help="folder with the national catalog files (default: ../shared/data/catalog)"
        )
        parser.add_argument("--no-catalog", action="store_true", help="organisation and staff only")
        parser.add_argument(
            "--dossiers",
            type=int,
            default=DEFAULT_DOSSIERS,
            help=f"dossiers of history over the last 12 months (default {DEFAULT_DOSSIERS:,}; 0 = none); "
            "a re-run only adds what is missing",
        )

    def handle(self, *args, catalog_dir: Path | None, no_catalog: bool, dossiers: int, **options):
        result = build_demo(
            catalog_dir=catalog_dir,
            with_catalog=not no_catalog,
            progress=lambda m: self.stderr.write(f"demo: {m}"),
            dossiers=dossiers,
        )
        out = self.stdout
        out.write(
            f"Demo province ready: 1 provincial centre with {result.counters} counters, "
            f"{result.communes} commune centres."
        )
        if result.calendar_years:
            years = ", ".join(map(str, result.calendar_years))
            out.write(f"Official working calendar recorded for {years} (motcua workdays show YEAR).")
        if result.catalog_source:
            out.write(f"Catalog from {result.catalog_source}:")
            for name, report in result.imports:
                out.write(
                    f"  {name}: {len(report.created)} created, {len(report.new_version)} new versions, "
                    f"{len(report.unchanged)} unchanged, {len(report.failed)} failed"
                )
        if dossiers > 0:
            out.write(_history_line(result, dossiers))
        if result.figures_seconds:
            out.write(f"Statistics recounted from the history in {result.figures_seconds:.1f} s.")
        centre = PROVINCIAL_CENTRE
        out.write(
            f"Centre floor: {result.areas} service areas; {result.tickets} tickets played this morning; "
            f"{result.bookings} visits booked (/dat-lich/). Ticket kiosk: "
            f"/lay-so/{centre}/ (log in as motcua there once to pair it); boards: /bang-goi/{centre}/; "
            f"counter: /desk/quay/."
        )
        for line in [*result.signing, *result.online, *result.connectors]:
            out.write(line)
        out.write("")
        out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            out.write(f"  {login.username.ljust(width)}  {login.role:<16} {login.where}")


def _history_line(result, wanted: int) -> str:
    if result.dossiers_generated:
        rate = result.dossiers_generated / max(result.dossiers_seconds, 1e-9)
        return (
            f"Dossier history: {result.dossiers_generated:,} dossiers generated over the last 12 months in "
            f"{result.dossiers_seconds:.1f} s ({rate:,.0f}/s); the province now has "
            f"{result.dossiers_before + result.dossiers_generated:,}; {result.ratings:,} ratings and "
            f"{result.feedback:,} feedback letters given by their citizens."
        )
    if result.dossiers_before >= wanted:
        return f"Dossier history: the province already has {result.dossiers_before:,} dossiers; none generated."
    return "Dossier history: none generated (no agency has both procedures and staff; is the catalog loaded?)."
