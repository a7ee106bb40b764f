"""motcua create-api-token USERNAME [--name NAME]"""

from django.core.management.base import BaseCommand, CommandError

from motcua.core.models import User
from motcua.core.services import issue_api_token


class Command(BaseCommand):
    help = "Issue a REST API bearer token for a user; the token is printed once and never stored."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--user", dest="user", help="the user the token acts as (same as USERNAME)")
        parser.add_argument("--name", default="api", help="what the token is for, e.g. the system using it")

    def handle(self, *args, username: str | None, user: str | None, name: str, **options):
        username = user or username
        if not username:
            raise CommandError("give the user: motcua create-api-token --user USERNAME")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        _token, raw = issue_api_token(user=user, name=name)
        self.stdout.write(raw)
