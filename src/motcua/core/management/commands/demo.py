"""motcua demo: the demo province, its centres, staff and catalog. Safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.demo.build import build_demo
from motcua.demo.province import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo province (agencies, centres, counters, staff, real procedures). Re-running keeps data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--catalog-dir", type=Path, help="folder with the national catalog files (default: ../shared/data/catalog)"
        )
        parser.add_argument("--no-catalog", action="store_true", help="organisation and staff only")

    def handle(self, *args, catalog_dir: Path | None, no_catalog: bool, **options):
        result = build_demo(
            catalog_dir=catalog_dir, with_catalog=not no_catalog, progress=lambda m: self.stderr.write(f"demo: {m}")
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
        out.write("")
        out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            out.write(f"  {login.username.ljust(width)}  {login.role:<16} {login.where}")
