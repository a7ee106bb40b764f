"""The ASGI application `motcua serve` runs (uvicorn workers under gunicorn, ADR 0010).

The display boards' streams go through Django's ASGI handler: hundreds stay open and wait on the event loop
without a thread each. Every other page goes to Django's WSGI handler in a fixed pool of threads per worker
(`--threads`), as under gunicorn's gthread workers: Django's ASGI handler runs each synchronous view in a new
thread with a new database connection, which made /healthz ~10 times slower (measured in the ADR).
"""

import os
import re

from a2wsgi import WSGIMiddleware
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
streams = get_asgi_application()
pages = WSGIMiddleware(get_wsgi_application(), workers=int(os.environ.get("MOTCUA_SERVE_THREADS", "4")))
STREAM = re.compile(r"^/bang-goi/[^/]{1,40}/su-kien/$")


async def application(scope, receive, send):
    if scope["type"] == "lifespan":  # nothing to start or stop: the workers are ready once imported
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    elif scope["type"] == "http" and STREAM.match(scope["path"]):
        await streams(scope, receive, send)
    else:
        await pages(scope, receive, send)
