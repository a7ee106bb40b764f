"""motcua citus-prepare --print"""

from django.core.management.base import BaseCommand, CommandError

from motcua.core.sharding import prepare_sql


class Command(BaseCommand):
    help = (
        "The SQL that distributes a migrated database by province on Citus (docs/sharding.md): printed, to be read "
        "and run once with psql on the coordinator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--print", action="store_true", dest="show", help="print the statements")

    def handle(self, *args, show: bool, **options):
        if not show:  # it is run by hand, once: this command never changes the database itself
            raise CommandError("give --print: the statements are printed, to be run with psql on the coordinator")
        self.stdout.write(
            "-- Generated from the models by `motcua citus-prepare --print`. Run once, in one session, on the\n"
            "-- Citus coordinator (added to the metadata: citus_set_coordinator_host), after `motcua migrate`,\n"
            "-- with no one writing: psql -v ON_ERROR_STOP=1 -f prepare.sql"
        )
        for statement in prepare_sql():
            self.stdout.write(statement)
