"""`motcua fake-national-portal` runs as its own process and speaks HTTP on 127.0.0.1 (as `make run` starts it)."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.connectors.conftest import free_port


def test_the_command_serves_the_fake_portal_in_its_own_process():
    port = free_port()
    env = {**os.environ, "MOTCUA_NATIONAL_PORTAL_TOKEN": "process-token"}
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua.cli", "fake-national-portal", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # Starting Python and Django takes ~1 s alone and over 10 s on a machine busy with the parallel suite.
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_fake/state", timeout=2) as response:
                    assert json.loads(response.read())["received"] == {}
                break
            except urllib.error.URLError:
                if process.poll() is not None:
                    raise AssertionError(f"the fake portal exited: {process.stderr.read()[-2000:]!r}") from None
                if time.monotonic() > deadline:
                    raise AssertionError("the fake portal did not start within 60 seconds") from None
                time.sleep(0.1)
        body = json.dumps({"MaHoSo": "X-1", "TrangThaiHoSo": 1}).encode()
        headers = {"Authorization": "Bearer process-token", "Idempotency-Key": "X-1:1"}
        request = urllib.request.Request(f"{base}/api/dongbo/hoso", data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
        wrong = urllib.request.Request(
            f"{base}/api/dongbo/hoso", data=body, headers={"Authorization": "Bearer wrong"}, method="POST"
        )
        try:
            urllib.request.urlopen(wrong, timeout=5)
        except urllib.error.HTTPError as refused:
            assert refused.code == 401
        else:
            raise AssertionError("a wrong token was accepted")
    finally:
        process.terminate()
        process.wait(timeout=10)
