"""What the statistics count, and when: pure rules shared by the figures kept as events arrive, the rebuild from
the dossiers and the brute-force count of the tests (no Django here: checked by `make lint`).

Figures are of two kinds (docs/statistics.md):
- *flows*, counted on the local day something happened (received, resolved, refused…);
- *stocks* (in progress, in progress late), read at the end of a day as the sum of their *changes* up to that
  day: `open_change` is +1 on the day a dossier arrives and −1 on the day it ends; `late_change` is +1 on the day
  its appointment falls and −1 on the day it ends (or on the day of its appointment, when it ends before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

# Counted per day on the dossier's own row (agency, centre, procedure, channel). Never rename: columns.
FLOWS = (
    "received",
    "received_full_online",  # online, for a procedure offered as full online service (toàn trình)
    "digitised",  # every input document has a digitised file (số hóa hồ sơ)
    "reused",  # an input file already used by an earlier dossier (tái sử dụng dữ liệu số hóa)
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_late_apologised",  # late, and the applicant had the written apology (Mẫu 04)
    "on_the_spot",
    "electronic_result",
    "with_fee",  # resolved, with a fee to pay
    "paid_online",  # of those, every fee paid through an online method
    "working_minutes",  # working time from the start of the clock to the result, summed over resolved ones
    "refused",
    "stopped",
    "withdrawn",
    "returned",
    "supplement_requested",
    "extended",
)
STOCK_CHANGES = ("open_change", "late_change")
COLUMNS = FLOWS + STOCK_CHANGES

# What an officer's day counts (stats.models.OfficerDay).
OFFICER_FIGURES = (
    *("received", "steps_finished", "steps_early", "steps_on_time", "steps_late"),
    *("approved", "supplement_requested", "returned"),
)

# States of a dossier resolved (its result made): counted once, when the result is ready.
RESOLVED_STATES = ("result_ready", "returned")

# Payment methods that count as paying online (Decision 766); the gateways of the payments work add theirs.
ONLINE_PAYMENT_METHODS = frozenset({"online"})

# States whose clock runs: a dossier in one of them is late once its appointment has passed. A dossier waiting
# for the check of the desk (submitted) has no appointment yet; one waiting for a supplement has its clock paused.
CLOCK_RUNNING = frozenset({"received", "in_progress"})
FINISHED = frozenset({"result_ready", "returned", "refused", "stopped", "withdrawn"})
ENDINGS = {"result_ready": "resolved", "refused": "refused", "stopped": "stopped", "withdrawn": "withdrawn"}


@dataclass(frozen=True)
class LateMove:
    """One change of the late stock: `change` (+1 or −1) on `day`."""

    day: date
    change: int


def late_moves(
    *,
    today: date,
    from_state: str,
    to_state: str,
    due_before: date | None,
    due_after: date | None,
) -> list[LateMove]:
    """How one event moves the late stock. A dossier counts as late at the end of each day from the (local) day
    of its appointment *as it stands now* until it ends: an appointment moved later (supplement, extension)
    moves the whole stretch, and a dossier waiting for a supplement is never late. Days are local days."""
    before = due_before if from_state in CLOCK_RUNNING else None
    if to_state in FINISHED:
        # It leaves on `today`, or never was late if its appointment falls later: cancel the +1 of that day.
        return [LateMove(max(before, today), -1)] if before else []
    after = due_after if to_state in CLOCK_RUNNING else None
    if before == after:
        return []
    moves = []
    if before:
        moves.append(LateMove(before, -1))
    if after:
        moves.append(LateMove(after, +1))
    return moves


def late_on(*, day: date, clock_due: date | None, ended: date | None) -> bool:
    """The brute-force reading of the same rule, for one dossier: late at the end of `day`?"""
    return clock_due is not None and clock_due <= day and (ended is None or day < ended)


def month_start(day: date) -> date:
    return day.replace(day=1)


def local_day(moment: datetime, zone: tzinfo) -> date:  # zone: settings.TIME_ZONE's
    return moment.astimezone(zone).date()
