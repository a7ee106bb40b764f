"""motcua serve: the production HTTP server (gunicorn, several worker processes)."""

import multiprocessing

from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication

from motcua.config.wsgi import application


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return application


class Command(BaseCommand):
    help = "Serve motcua over HTTP with several worker processes."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() * 2 + 1))
        parser.add_argument("--threads", type=int, default=2, help="threads per worker")
        parser.add_argument("--timeout", type=int, default=60, help="seconds before a stuck worker is restarted")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, timeout: int, **options):
        self.stdout.write(f"motcua: serving http://{host}:{port}/ with {workers} workers")
        _Server(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "timeout": timeout,
                "accesslog": "-",
                "errorlog": "-",
                "forwarded_allow_ips": "127.0.0.1",
            }
        ).run()
