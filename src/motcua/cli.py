"""The `motcua` command: Django's management commands plus the project's own.

Project commands take hyphenated names (`motcua import-catalog`); Django's keep theirs (`motcua migrate`).
"""

from __future__ import annotations

import os
import sys

from motcua.config import serve

PROJECT_COMMANDS = {
    "migrate": "create or update the database tables",
    "demo": "load the demo province: agencies, centres, counters, staff, real procedures",
    "serve": "run the web server (gunicorn, several workers): --host, --port, --workers",
    "worker": "background jobs: deliver events, send queued notifications with retries: --once, --interval SECONDS",
    "import-catalog": "import procedures: PATH --format national-portal|ministry-export|motcua-json|xlsx",
    "export-catalog": "export the catalog: --format motcua-json|xlsx [--output FILE]",
    "create-api-token": "issue a bearer token for the REST API: --user USERNAME [--name NAME]",
    "api-tokens": "API tokens: issue --system NAME --scope SCOPE... [--rate-limit N] | issue --user U | list | revoke",
    "verify-history": "check that no dossier's history was changed (hash chain)",
    "check-processes": "list the process steps nobody can take (no active user holds the step's role there)",
    "stats": "the statistics: rebuild [--from DATE] [--to DATE] [--province CODE] recounts them from the dossiers",
    "queue-figures": "the queue's figures: rebuild [--day DATE] recounts them from the tickets",
    "identity-provider": "a local OpenID Connect provider standing in for VNeID (demo, tests): --port, --person",
    "sandbox-gateway": "a local payment gateway speaking VNPay's protocol (demo, tests): --port, --ipn-url",
    "fake-national-portal": "a local national public service portal (demo, tests): --port",
    "workdays": "the working calendar: due | between | show YEAR | load-official PATH",
    "citus-prepare": "the SQL that distributes the dossier tables by province on Citus: --print",
    "createsuperuser": "create an administrator account",
}


def usage() -> str:
    width = max(len(name) for name in PROJECT_COMMANDS)
    lines = ["usage: motcua <command> [options]", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in PROJECT_COMMANDS.items()]
    lines += [
        "",
        "Every Django management command works too (motcua help --commands lists them all);",
        "motcua <command> --help shows a command's options. Settings come from MOTCUA_* variables.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help"} or argv[1:] == ["help"]:
        print(usage())
        return
    if argv[1] == "serve":  # the HTTP server is not a command of an app: it serves the whole project
        serve.main(argv[2:])
        return
    if argv[1] == "identity-provider":  # a separate Django project (its own settings and database)
        from motcua.idp import server as identity_provider

        identity_provider.main(argv[2:])
        return
    if "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
