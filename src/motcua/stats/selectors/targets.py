"""The targets (stats.models.Target) that hold for a set of agencies: a target set on an agency holds for every
agency under it, and the nearest one wins. Two small queries (the tree, the targets) whatever the set."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from motcua.core.models import Agency
from motcua.stats.models import Target


def _path_up(agency_id: int, parents: dict[int, int | None]) -> list[int]:
    path, current, seen = [], agency_id, set()
    while current is not None and current not in seen:
        seen.add(current)
        path.append(current)
        current = parents.get(current)
    return path


def targets_for(agency_ids: Iterable[int]) -> dict[str, Decimal]:
    """Percent per measure (Target.Measure values) for these agencies taken together: the targets set on the
    agencies above all of them (their nearest common ancestors, or higher), the nearest first."""
    wanted = set(agency_ids)
    if not wanted:
        return {}
    parents: dict[int, int | None] = dict(Agency.objects.order_by().values_list("pk", "parent_id"))
    roots = sorted(pk for pk in wanted if parents.get(pk) not in wanted)
    paths = [_path_up(pk, parents) for pk in roots]
    common = set(paths[0]).intersection(*paths[1:]) if paths else set()
    ladder = [pk for pk in paths[0] if pk in common] if paths else []
    if not ladder:
        return {}
    found: dict[str, Decimal] = {}
    rows = Target.objects.filter(agency_id__in=ladder).values_list("agency_id", "measure", "percent")
    by_agency: dict[int, dict[str, Decimal]] = {}
    for agency_id, measure, percent in rows:
        by_agency.setdefault(agency_id, {})[measure] = percent
    for pk in ladder:  # nearest first: a department's own target beats the province's
        for measure, percent in by_agency.get(pk, {}).items():
            found.setdefault(measure, percent)
    return found
