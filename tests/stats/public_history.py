"""A small history made through the real services, for the public page and the statistics API: dossiers received,
resolved (one late, after a written apology was owed), returned and rated, at two departments."""

from __future__ import annotations

from dataclasses import dataclass, field

from motcua.dossiers.models import Dossier
from motcua.feedback.services import rate_dossier
from tests.e2e.province import World, receive, returned, to_result_ready


@dataclass
class History:
    dossiers: list[Dossier] = field(default_factory=list)
    late: Dossier | None = None


def make_history(world: World) -> History:
    """Justice: three received today, two resolved, one of those returned and rated "very satisfied"; one received
    40 days ago and resolved now (late). Construction: two received, one resolved. Run it inside
    django_capture_on_commit_callbacks(execute=True) when the test runs in a transaction."""
    history = History()
    justice = [receive(world) for _i in range(3)]
    ready = [to_result_ready(world, d) for d in justice[:2]]
    done = returned(world, ready[0])
    rate_dossier(dossier=done, level=5, channel="online")
    history.late = to_result_ready(world, receive(world, days_ago=40))
    construction = [receive(world, agency="construction") for _i in range(2)]
    to_result_ready(world, construction[0])
    history.dossiers = [*justice, history.late, *construction]
    return history
