"""Two `motcua worker --once` processes on one PostgreSQL database (two hosts, say) share 800 queued messages:
each is sent exactly once, and both workers send some (docs/deploy.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from motcua.notifications.models import Message
from motcua.notifications.services import enqueue

ROOT = Path(__file__).resolve().parents[2]
QUEUED = 800


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_send_each_of_800_messages_exactly_once(gateway, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("workers on several hosts share a PostgreSQL database: this test runs in the PostgreSQL pass")
    [model] = enqueue("one_time_code", to_phone="0900000000", context={"otp": "123456"})
    fields = {f.attname: getattr(model, f.attname) for f in Message._meta.concrete_fields if not f.primary_key}
    Message.objects.bulk_create(
        [Message(**{**fields, "recipient": f"09{n:08d}"}) for n in range(1, QUEUED)], batch_size=500
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "MOTCUA_DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MOTCUA_SMS_BACKEND": "http",
        "MOTCUA_SMS_URL": gateway.url + "/send?to={to}&text={text}",
        "MOTCUA_SECRET_KEY": "worker-test",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("MOTCUA_REPLICA_DATABASE_URL", None)
    command = [sys.executable, "-m", "motcua.cli", "worker", "--once", "--batch", "50"]
    workers = [
        subprocess.Popen(
            command,
            env={**env, "MOTCUA_VAR_DIR": str(tmp_path / f"w{n}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(2)
    ]
    outputs = []
    for worker in workers:
        try:
            outputs.append(worker.communicate(timeout=120)[0])
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    assert all(worker.returncode == 0 for worker in workers), outputs

    sent_to = Counter(request["query"]["to"][0] for request in gateway.requests)
    assert len(sent_to) == QUEUED and set(sent_to.values()) == {1}  # every phone once, none twice
    assert Message.objects.filter(status="sent", attempts=1).count() == QUEUED
    handled = [sum(int(n) for n in re.findall(r"(\d+) (?:notification|message)", output)) for output in outputs]
    assert sum(handled) == QUEUED and all(handled), outputs  # both took a share
