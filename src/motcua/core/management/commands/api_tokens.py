"""motcua api-tokens issue|list|revoke: the REST API's bearer tokens, for people and for other systems."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.core.models import ApiScope, ApiToken, User
from motcua.core.services import TokenError, issue_api_token, issue_system_token, revoke_api_token


class Command(BaseCommand):
    help = "Issue, list and revoke REST API tokens; a token's secret is printed once, when issued, and never stored."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="a new token: --system NAME --scope ... or --user USERNAME")
        issue.add_argument("--system", help="the other system's name, e.g. 'Cổng Dịch vụ công quốc gia'")
        issue.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=ApiScope.values,
            help="what the system may do (repeat for several)",
        )
        issue.add_argument("--user", help="a person's token: the user it acts as; for a system: its account")
        issue.add_argument("--name", default="", help="what the token is for")
        issue.add_argument("--rate-limit", type=int, help="requests a minute (default MOTCUA_API_TOKEN_RATE_LIMIT)")
        listing = actions.add_parser("list", help="the tokens (never their secrets)")
        listing.add_argument("--all", action="store_true", help="revoked tokens too")
        revoke = actions.add_parser("revoke", help="revoke a token by its id or the prefix `list` shows")
        revoke.add_argument("token", help="id or prefix")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _issue(self, *, system, scope, user, name, rate_limit, **_options) -> None:
        account = None
        if user:
            account = User.objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"no active user named {user!r}")
        if system:
            try:
                _token, raw = issue_system_token(
                    system=system, scopes=scope, name=name, rate_limit=rate_limit, account=account
                )
            except TokenError as error:
                raise CommandError(str(error)) from error
        elif account is not None:
            if scope:
                raise CommandError("a person's token reaches what their roles allow: --scope is for --system")
            _token, raw = issue_api_token(user=account, name=name or "api", rate_limit=rate_limit)
        else:
            raise CommandError("give --system NAME --scope SCOPE (another system) or --user USERNAME (a person)")
        self.stdout.write(raw)

    def _list(self, *, all: bool, **_options) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        if not all:
            tokens = tokens.filter(revoked_at__isnull=True)
        for token in tokens:
            who = f"system {token.system!r}" if token.is_system else f"user {token.user.username}"
            used = timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") if token.last_used_at else "-"
            state = " REVOKED" if token.revoked_at else ""
            self.stdout.write(
                f"{token.pk}\t{token.prefix}\t{who}\t{token.name}\t{','.join(token.scopes) or '(roles)'}\t"
                f"{token.rate_limit or 'default'}/min\tlast used {used}{state}"
            )

    def _revoke(self, *, token: str, **_options) -> None:
        found = ApiToken.objects.filter(pk=int(token)) if token.isdigit() else ApiToken.objects.filter(prefix=token)
        if found.count() != 1:
            raise CommandError(f"no single token has the id or prefix {token!r}")
        revoke_api_token(token=found.get())
        self.stdout.write(f"revoked {token}")
