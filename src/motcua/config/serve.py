"""motcua serve: the production HTTP server (gunicorn, several worker processes, each an asyncio event loop of
uvicorn: ADR 0010). It lives beside the ASGI application it serves (loaded by name with gunicorn's loader);
`motcua serve` reaches it through cli.py, not as a Django command of an app."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import traceback

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from gunicorn.util import import_app
from uvicorn_worker import UvicornWorker

from motcua.core.logging import MaskingFilter, mask

APPLICATION = "motcua.config.asgi:application"
# gunicorn's default (2 s, uvicorn's idle timeout through the worker) closed connections that clients thinking for
# a few seconds were about to reuse: the request sent as the server closed failed (resets in the mixed load, 3%).
# Longer than what keeps idle connections to us (a proxy's upstream pool, nginx's default 60 s), so the client
# side closes first; an idle connection costs the event loop a socket, not a thread.
KEEPALIVE = 75


class MaskedLogger(Logger):
    """gunicorn's logger, its access log masked: no look-up secret, ID or phone number from a query string or a
    referrer (`?bi-mat=…`, `?id_number=…`, `?q=001190012345`) is written."""

    def access(self, resp, req, environ, request_time):
        # The line is masked once it is written out (one pass), not each of the dozens of atoms gunicorn offers
        # the format (a pass each cost ~0.1 ms a request, a third of a bare request's time).
        if not self.access_log_enabled:
            return
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        try:
            self.access_log.info("%s", mask(self.cfg.access_log_format % atoms))
        except Exception:
            self.error(traceback.format_exc())


class Worker(UvicornWorker):
    """A uvicorn worker whose access log (uvicorn's own lines, written through gunicorn's handlers) is masked like
    gunicorn's: no look-up secret, ID or phone number from a query string."""

    CONFIG_KWARGS = {"loop": "asyncio", "http": "auto", "lifespan": "on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mask_uvicorn_access_log()


def mask_uvicorn_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, MaskingFilter) for f in access.filters):
        access.addFilter(MaskingFilter())


class _Server(BaseApplication):
    def __init__(self, options: dict, application: object):
        self.options, self.application = options, application
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="motcua serve", description="Serve motcua over HTTP with several workers.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() * 2 + 1))
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker for the pages (not the boards' streams)"
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds before a stuck worker is restarted")
    parser.add_argument(
        "--keepalive", type=int, default=KEEPALIVE, help="seconds an idle keep-alive connection stays open"
    )
    options = parser.parse_args(argv)
    os.environ["MOTCUA_SERVE_THREADS"] = str(options.threads)  # read by config.asgi as it loads
    print(f"motcua: serving http://{options.host}:{options.port}/ with {options.workers} workers", flush=True)
    # Loaded once in the master, before the workers fork: Django's settings also set the process's time zone, so
    # the server's own log lines carry Vietnam time like everything else people read.
    application = import_app(APPLICATION)
    _Server(
        {
            "bind": f"{options.host}:{options.port}",
            "workers": options.workers,
            "worker_class": "motcua.config.serve.Worker",
            "timeout": options.timeout,
            "keepalive": options.keepalive,
            "accesslog": "-",
            "errorlog": "-",
            "forwarded_allow_ips": "127.0.0.1",
            "logger_class": MaskedLogger,
        },
        application,
    ).run()
