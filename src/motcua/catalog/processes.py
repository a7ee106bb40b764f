"""Rules for internal processes, in pure Python: the default process and the budget check.

Default process (used when an agency has defined none for a procedure): four steps,
reception → specialist → leader → return, with the channel's legal limit split as

    reception 5%, specialist 70%, leader 20%, return 5%

rounded to quarter units (a quarter working day is about two working hours), each step getting at least one
quarter and the specialist absorbing the rounding, so the budgets always add up exactly to the limit. A limit
shorter than one unit (less than four quarters) is split into four equal parts of whole hundredths
(the specialist takes the remainder). A channel with no stated
limit gets the same steps with no budgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

QUARTER = Decimal("0.25")
DEFAULT_SHARES = (
    ("reception", "counter_officer", Decimal("0.05")),
    ("appraisal", "specialist", Decimal("0.70")),
    ("approval", "leader", Decimal("0.20")),
    ("return", "counter_officer", Decimal("0.05")),
)
# Step names, in Vietnamese as they appear on the control slip (Mẫu 06) and to citizens.
DEFAULT_STEP_NAMES = {
    "reception": "Tiếp nhận hồ sơ",
    "appraisal": "Thẩm định, xử lý hồ sơ",
    "approval": "Phê duyệt kết quả",
    "return": "Trả kết quả",
}


@dataclass(frozen=True)
class StepBudget:
    key: str
    name: str
    role: str
    amount: Decimal | None
    unit: str | None


def default_steps(limit_amount: Decimal | None, limit_unit: str | None) -> list[StepBudget]:
    """The default four steps with the limit split by the rule above."""
    amounts: list[Decimal | None] = (
        list(split_budget(limit_amount)) if limit_amount and limit_unit else [None] * len(DEFAULT_SHARES)
    )
    return [
        StepBudget(key, DEFAULT_STEP_NAMES[key], role, amount, limit_unit if amount is not None else None)
        for (key, role, _share), amount in zip(DEFAULT_SHARES, amounts, strict=True)
    ]


def split_budget(total: Decimal) -> list[Decimal]:
    total = Decimal(total)
    quarters = int((total / QUARTER).to_integral_value(rounding=ROUND_HALF_UP))
    if quarters < len(DEFAULT_SHARES) or total % QUARTER:
        equal = (total / len(DEFAULT_SHARES)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        parts = [equal] * (len(DEFAULT_SHARES) - 1)
        return [*parts[:1], total - sum(parts), *parts[1:]]
    counts = [
        max(1, int((quarters * share).to_integral_value(rounding=ROUND_HALF_UP))) for _k, _r, share in DEFAULT_SHARES
    ]
    counts[1] = quarters - (counts[0] + counts[2] + counts[3])  # the specialist absorbs the rounding
    if counts[1] < 1:  # very short limits: take back from the leader
        counts[2] += counts[1] - 1
        counts[1] = 1
    return [QUARTER * c for c in counts]


@dataclass(frozen=True)
class BudgetProblem:
    """A reason a process's budgets do not fit a channel's legal limit (shown to administrators)."""

    channel: str
    message_key: str  # "unit_mismatch" | "sum_mismatch"
    steps_total: Decimal | None
    limit_amount: Decimal
    limit_unit: str
    step_unit: str | None = None


def check_budgets(
    steps: list[tuple[Decimal, str]], channel_limits: dict[str, tuple[Decimal, str]]
) -> list[BudgetProblem]:
    """Compare step budgets (amount, unit) with each channel's limit; no problems means they fit.

    Budgets must be in the unit of the limit and add up to it exactly. Channels without a stated limit are
    not checked.
    """
    problems = []
    for channel, (limit, unit) in channel_limits.items():
        wrong_unit = next((u for _a, u in steps if u != unit), None)
        if wrong_unit is not None:
            problems.append(BudgetProblem(channel, "unit_mismatch", None, limit, unit, wrong_unit))
            continue
        total = sum((Decimal(a) for a, _u in steps), Decimal(0))
        if total != Decimal(limit):
            problems.append(BudgetProblem(channel, "sum_mismatch", total, Decimal(limit), unit))
    return problems


def working_day_budgets(budgets: list[Decimal | None], working_days: Decimal) -> list[Decimal | None]:
    """Step budgets that are shares of a limit in calendar days or months, as working days of one dossier.

    The calendar can only count whole calendar days or months, so a default split (5% of 30 calendar days) cannot
    be timed as such. Once a dossier's appointment is fixed, its limit *is* the working time from reception to the
    appointment; each step gets its share of that, in hundredths of a working day, the largest step absorbing
    the rounding so that the last step ends exactly at the appointment.
    """
    total = sum((b for b in budgets if b), Decimal(0))
    if not total:
        return list(budgets)
    working_days = Decimal(working_days).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    result = [(b * working_days / total).quantize(Decimal("0.01"), rounding=ROUND_DOWN) if b else b for b in budgets]
    largest = max(range(len(budgets)), key=lambda i: budgets[i] or 0)
    result[largest] = (result[largest] or Decimal(0)) + working_days - sum((r for r in result if r), Decimal(0))
    return result


def needs_working_days(budgets: Sequence[tuple[Decimal | None, str | None]]) -> bool:
    """Whether some budget is a fraction of a calendar day or month (which the calendar cannot count)."""
    return any(a and u in ("calendar_day", "month") and a != int(a) for a, u in budgets)
