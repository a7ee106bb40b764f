"""The locust users of bench/mixed_load.py: citizens on the public pages, officers taking dossiers through the desk.

Started by bench/mixed_load.py (`locust -f bench/mixed_locust.py --headless ...`) in its own process: locust
patches the standard library with gevent, which the benchmark's Django process must not see. What the users need
(procedure codes, look-up pairs, tokens, a desk session, the reception's body) comes in a JSON file named by
MOTCUA_MIXED_DATA, written by bench/mixed_load.py.

The mix, per dossier received (a centre's day, see docs/load-test.md):
- citizens: 10 catalog pages (home 2, search 4, procedure page 4) and 3 look-ups (page 2, JSON 1);
- officers: the reception, 4 actions (assign, forward, approve, return the result) and 5 reads (the specialist's
  desk inbox and the dossier, the leader's inbox over the API and the dossier, the return desk's inbox).
13 citizen requests to 10 officer requests: the user classes carry these weights, with the same think time.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

DATA: dict[str, Any] = json.loads(open(os.environ["MOTCUA_MIXED_DATA"], encoding="utf-8").read())  # noqa: SIM115
THINK = between(1, 3)  # seconds between two requests of one person


class Citizen(HttpUser):
    weight = 13
    wait_time = THINK

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/ (home)")

    @task(4)
    def search(self) -> None:
        self.client.get("/thu-tuc/", params={"q": random.choice(DATA["queries"])}, name="/thu-tuc/?q=")

    @task(4)
    def procedure(self) -> None:
        self.client.get(f"/thu-tuc/{random.choice(DATA['procedures'])}/", name="/thu-tuc/<code>/")

    @task(2)
    def lookup_page(self) -> None:
        code, secret = random.choice(DATA["lookups"])
        with self.client.get(
            "/tra-cuu/", params={"ma": code, "bi-mat": secret}, name="/tra-cuu/", catch_response=True
        ) as response:
            if response.status_code == 200 and code not in response.text:
                response.failure("the page does not show the dossier")

    @task(1)
    def lookup_api(self) -> None:
        code, secret = random.choice(DATA["lookups"])
        self.client.get("/api/v1/lookup", params={"code": code, "secret": secret}, name="/api/v1/lookup")


class Officers(HttpUser):
    """One dossier's journey through the centre, each step by the person who does it: the counter officer
    receives it, the department's specialist takes it and hands it on, its leader approves, the counter returns
    the result. Every step acts on the version the previous answer gave, as the desk does."""

    weight = 10
    wait_time = THINK

    def _as(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {DATA['tokens'][who]}"}

    def _act(self, who: str, code: str, action: str, body: dict[str, Any]) -> dict[str, Any] | None:
        with self.client.post(
            f"/api/v1/dossiers/{code}/actions/{action}",
            json=body,
            headers=self._as(who),
            name=f"/api/v1/dossiers/<code>/actions/{action}",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{action}: HTTP {response.status_code} {response.text[:200]}")
                return None
            return response.json()  # type: ignore[no-any-return]

    @task
    def journey(self) -> None:
        reception = DATA["reception"]
        body = {
            "procedure": reception["procedure"],
            "agency": reception["agency"],
            "channel": "counter",
            "applicant": {
                "name": "Nguyễn Văn Tải",
                "id_number": f"0970{random.randrange(10**8):08d}",
                "phone": "0912345678",
                "address": "Phường Hòa An, tỉnh Hòa An",
            },
            "documents": reception["documents"],
            "fees": reception["fees"],
        }
        with self.client.post(
            "/api/v1/dossiers",
            json=body,
            headers=self._as("counter"),
            name="/api/v1/dossiers (receive)",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"receive: HTTP {response.status_code} {response.text[:200]}")
                return
            dossier = response.json()
        code = dossier["code"]
        self.wait()
        self.client.get("/desk/ho-so/", cookies=DATA["sessions"]["specialist"], name="/desk/ho-so/ (inbox)")
        self.wait()
        self.client.get(
            f"/desk/ho-so/{code}/", cookies=DATA["sessions"]["specialist"], name="/desk/ho-so/<code>/ (dossier)"
        )
        self.wait()
        for who, action, fields in (
            ("specialist", "assign", {}),
            ("specialist", "forward", {}),
            ("leader", "approve", {}),
            ("counter", "return_result", {"method": "counter", "receiver": "Nguyễn Văn Tải"}),
        ):
            if action == "approve":  # the leader finds it in the inbox, then opens it
                self.client.get(
                    "/api/v1/dossiers",
                    params={"limit": 30},
                    headers=self._as("leader"),
                    name="/api/v1/dossiers (inbox)",
                )
                self.wait()
                self.client.get(f"/api/v1/dossiers/{code}", headers=self._as("leader"), name="/api/v1/dossiers/<code>")
                self.wait()
            if action == "return_result":
                self.client.get("/desk/tra-ket-qua/", cookies=DATA["sessions"]["counter"], name="/desk/tra-ket-qua/")
                self.wait()
            found = self._act(who, code, action, {"version": dossier["version"], **fields})
            if found is None:
                return
            dossier = found
            self.wait()
