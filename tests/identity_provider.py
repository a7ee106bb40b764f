"""The local OpenID Connect provider (`motcua identity-provider`) started in its own process on a free port, for
the HTTP-level and the browser tests of the national identity log-in."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

SRC = Path(__file__).resolve().parents[1] / "src"
PERSON_ID = "001085012345"
PERSON_PASSWORD = "vneid-password-1"
PERSON_NAME = "Nguyễn Văn An"
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "motcua-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_provider(
    data_dir: Path, *, redirect_uris: list[str], post_logout_uris: list[str], people_file: Path | None = None
) -> Iterator[str]:
    """The provider's issuer URL while it runs; it is stopped afterwards."""
    port = free_port()
    args = [sys.executable, "-m", "motcua.cli", "identity-provider", "--port", str(port), "--data-dir", str(data_dir)]
    args += ["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
    args += [
        "--person",
        f"{PERSON_ID}:{PERSON_PASSWORD}:{PERSON_NAME}",
        "--person",
        "079190000002:other-pass-2:Trần Bình",
    ]
    if people_file is not None:
        args += ["--people-file", str(people_file)]
    for uri in redirect_uris:
        args += ["--redirect-uri", uri]
    for uri in post_logout_uris:
        args += ["--post-logout-uri", uri]
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (data_dir.parent / f"{data_dir.name}.log").open("w")
    process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"identity provider did not start: {data_dir.parent / data_dir.name}.log")
            time.sleep(0.2)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
