"""motcua fake-national-portal: a local stand-in for the national public service portal (connectors/fake_portal.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.connectors.fake_portal import make_server


class Command(BaseCommand):
    help = (
        "Run a local national public service portal on 127.0.0.1: it receives dossier status synchronisation, "
        "lists dossiers submitted on it, and can be told to fail, answer slowly or list a dossier twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8766)

    def handle(self, *args, port, **options):
        # The token comes from the settings (MOTCUA_NATIONAL_PORTAL_TOKEN) only: never on a command line or output.
        server = make_server(host="127.0.0.1", port=port, token=settings.NATIONAL_PORTAL_TOKEN)
        self.stdout.write(f"fake national portal on http://127.0.0.1:{port}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
