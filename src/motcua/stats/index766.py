"""The index of Decision 766/QĐ-TTg (23 June 2022), scored from motcua's period totals, in pure Python.

The Prime Minister's decision scores each agency or province every month out of 100 points in five groups
(publicity 18, progress 20, online service 22, digitisation 22, satisfaction 18). Each indicator ("chỉ số
thành phần") is a ratio; at or above its full-points threshold it earns its max points, below it earns
`max_points * ratio / threshold` (the national portal's formula notes: "Dưới X% tính theo công thức: Tỷ lệ *
Điểm tối đa / X%"). Indicators motcua has no data for are listed with `measured=False`: they count in `max` but
not in `total`, so a screen can say "62 of the 100 points are measured here". docs/decision-766.md gives the
source of every figure and where the sources disagree.

Standard library only (no Django): names are English source strings marked with a local `gettext_noop` so
makemessages collects them; the Vietnamese legal term sits in a comment beside each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


def gettext_noop(text: str) -> str:
    """Marks a string for translation without translating it (Django's makemessages looks for this name)."""
    return text


# The measures a caller may pass: period totals for one scope (docs/decision-766.md says what each counts).
_MEASURE_NAMES = """
    received received_counter received_online received_full_online received_postal
    resolved resolved_early resolved_on_time resolved_late resolved_late_apologised on_the_spot electronic_result
    refused stopped withdrawn returned digitised reused with_fee paid_online supplement_requested extended
    in_progress in_progress_late ratings ratings_satisfied ratings_dissatisfied
    feedback_received feedback_answered feedback_answered_on_time
    procedures_published procedures_complete procedures_online procedures_full_online procedures_with_online_dossiers
    procedures_synced_national procedures_with_fee procedures_paid_online
"""
MEASURES: Final = frozenset(_MEASURE_NAMES.split())

# (key, name, max points), in the order of the decision's dashboard.
GROUPS: Final[tuple[tuple[str, str, float], ...]] = (
    ("publicity", gettext_noop("Publicity and transparency"), 18),  # Công khai, minh bạch
    ("progress", gettext_noop("Progress of resolution"), 20),  # Tiến độ, kết quả giải quyết
    ("online_service", gettext_noop("Online public services"), 22),  # Cung cấp dịch vụ trực tuyến (+ thanh toán)
    ("digitisation", gettext_noop("Digitisation of dossiers"), 22),  # Số hóa hồ sơ
    ("satisfaction", gettext_noop("Satisfaction"), 18),  # Mức độ hài lòng
)


@dataclass(frozen=True)
class Indicator:
    """How one indicator is scored. `numerator` and `denominator` are measure names summed, a leading "-"
    subtracting one; both empty means motcua cannot measure it (`note` says what would be needed)."""

    key: str
    group: str
    name: str
    max_points: float
    threshold: float  # the ratio (0 < t <= 1) from which the indicator earns its max points
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    note: str = ""

    @property
    def measured(self) -> bool:
        return bool(self.numerator and self.denominator)


@dataclass(frozen=True)
class IndicatorScore:
    key: str
    name: str
    numerator: int | None
    denominator: int | None
    points: float | None  # None when not measured
    max: float
    measured: bool


@dataclass(frozen=True)
class GroupScore:
    key: str
    name: str
    points: float | None  # the measured indicators' points; None when none of them is measured
    max: float
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True)
class IndexScore:
    total: float  # points of the measured indicators
    max: float  # always 100
    measured_max: float  # the max points of the measured indicators: what `total` is out of
    groups: tuple[GroupScore, ...]


_NATIONAL = gettext_noop("Needs the national procedures database or portal sync, which motcua has no link to yet.")

INDICATORS: Final[tuple[Indicator, ...]] = (
    # --- Publicity: about procedures in the national database and dossiers synced to the national portal.
    Indicator(
        "procedures_announced_on_time",
        "publicity",
        gettext_noop("Procedures announced on time"),  # Tỷ lệ TTHC công bố đúng hạn
        4,
        1.0,
        note=_NATIONAL,
    ),
    Indicator(
        "procedures_disclosed_on_time",
        "publicity",
        gettext_noop("Procedures updated and disclosed on time"),  # Tỷ lệ TTHC được cập nhật, công khai đúng hạn
        4,
        1.0,
        note=_NATIONAL,
    ),
    Indicator(
        "procedures_disclosed_in_full",
        "publicity",
        # Tỷ lệ TTHC được công khai có đầy đủ các nội dung quy định về các bộ phận tạo thành
        gettext_noop("Procedures disclosed with all their required parts"),
        4,
        1.0,
        ("procedures_complete",),
        ("procedures_published",),
        # motcua's catalog is what the centre discloses: a published version with its steps, result, implementing
        # agency, documents, legal basis and channels (deadline and fees) is complete.
        gettext_noop("Published procedures with steps, result, agency, documents, legal basis and channels."),
    ),
    Indicator(
        "dossiers_synced_national",
        "publicity",
        gettext_noop(
            "Dossiers synchronised to the National Public Service Portal"
        ),  # Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG
        6,
        1.0,
        note=gettext_noop("Needs a count of dossiers synchronised to the national portal; motcua syncs none yet."),
    ),
    # --- Progress: one ratio carries the 20 points (average resolution time is shown, not scored).
    Indicator(
        "on_time",
        "progress",
        # Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: đã và đang xử lý đúng hạn / tiếp nhận, xử lý trong kỳ
        gettext_noop("Dossiers resolved or in progress on time"),
        20,
        1.0,
        ("resolved_early", "resolved_on_time", "in_progress", "-in_progress_late"),
        ("resolved", "in_progress"),
        gettext_noop("Early, on time and still within the appointment, over those resolved and those open."),
    ),
    # --- Online service: 12 points for online services (DVCTT), 10 for online payment (thanh toán trực tuyến).
    Indicator(
        "procedures_online",
        "online_service",
        gettext_noop("Procedures offered as online public services"),  # Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến
        2,
        0.8,
        ("procedures_online",),
        ("procedures_published",),
        gettext_noop("Full points from 80%."),
    ),
    Indicator(
        "online_services_used",
        "online_service",
        gettext_noop("Online public services with dossiers"),  # Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ
        4,
        1.0,
        ("procedures_with_online_dossiers",),
        ("procedures_online",),
        gettext_noop("Online procedures with at least one online dossier in the period."),
    ),
    Indicator(
        "online_dossiers",
        "online_service",
        gettext_noop("Dossiers submitted online"),  # Tỷ lệ hồ sơ TTHC nộp trực tuyến
        6,
        0.5,
        ("received_online",),
        ("received",),
        gettext_noop("Full points from 50%."),
    ),
    Indicator(
        "procedures_paid_online",
        "online_service",
        # Tỷ lệ TTHC có nghĩa vụ tài chính có phát sinh giao dịch thanh toán trực tuyến
        gettext_noop("Procedures with a fee paid online at least once"),
        2,
        0.8,
        ("procedures_paid_online",),
        ("procedures_with_fee",),
        gettext_noop(
            "Published procedures with a fee; of those, with a dossier resolved in the period and every fee of it"
            " paid online. Full points from 80%."
        ),
    ),
    Indicator(
        "procedures_payable_national",
        "online_service",
        # Tỷ lệ TTHC có yêu cầu nghĩa vụ tài chính được tích hợp thanh toán trực tuyến trên Cổng DVCQG
        gettext_noop("Procedures with a fee payable on the national portal"),
        2,
        0.8,
        note=_NATIONAL,
    ),
    Indicator(
        "dossiers_paid_online",
        "online_service",
        gettext_noop("Dossiers with a fee paid online"),  # Tỷ lệ hồ sơ thanh toán trực tuyến
        6,
        0.3,
        ("paid_online",),
        ("with_fee",),
        gettext_noop("Full points from 30% (a vendor's reading; the national notes give no threshold)."),
    ),
    # --- Digitisation.
    Indicator(
        "electronic_results",
        "digitisation",
        # Tỷ lệ hồ sơ TTHC có cấp kết quả giải quyết TTHC điện tử
        gettext_noop("Dossiers resolved with an electronic result"),
        6,
        1.0,
        ("electronic_result",),
        ("resolved",),
    ),
    Indicator(
        "digitised_dossiers",
        "digitisation",
        gettext_noop("Dossiers digitised"),  # Tỷ lệ hồ sơ TTHC thực hiện số hóa hồ sơ
        4,
        0.8,
        ("digitised",),
        ("received",),
        gettext_noop("Full points from 80%."),
    ),
    Indicator(
        "reused_data",
        "digitisation",
        # Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa
        gettext_noop("Dossiers reusing digitised data"),
        2,
        0.8,
        ("reused",),
        ("received",),
        gettext_noop("Full points from 80%."),
    ),
    Indicator(
        "shared_with_national_store",
        "digitisation",
        # Tỷ lệ hồ sơ TTHC được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng (kho Cổng DVCQG)
        gettext_noop("Digitised dossiers linked to the citizen's store on the national portal"),
        5,
        1.0,
        note=_NATIONAL,
    ),
    Indicator(
        "population_data",
        "digitisation",
        # Ứng dụng dữ liệu dân cư trong giải quyết TTHC, cung cấp dịch vụ công
        gettext_noop("Use of the national population database"),
        5,
        1.0,
        note=gettext_noop("Needs dossiers checked against the population database or a VNeID login."),
    ),
    # --- Satisfaction: citizens' feedback (phản ánh, kiến nghị) and dossiers.
    Indicator(
        "feedback_on_time",
        "satisfaction",
        gettext_noop("Feedback handled on time"),  # Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn
        6,
        1.0,
        ("feedback_answered_on_time",),
        # Of the answers given in the period (answers to feedback received earlier included, so never above
        # 100%); feedback still unanswered past its deadline is not counted yet.
        ("feedback_answered",),
    ),
    Indicator(
        "feedback_satisfaction",
        "satisfaction",
        gettext_noop("Satisfaction with feedback handling"),  # Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị
        6,
        1.0,
        note=gettext_noop("Needs the citizen's verdict on each answer (satisfied or not), which is not recorded."),
    ),
    Indicator(
        "dossier_satisfaction",
        "satisfaction",
        # Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC = 100% - (tỷ lệ quá hạn + tỷ lệ có PAKN hoặc không hài lòng)
        gettext_noop("Satisfaction with dossier handling"),
        6,
        0.9,
        ("resolved", "-resolved_late", "-ratings_dissatisfied"),
        ("resolved",),
        gettext_noop("Resolved dossiers minus late ones and dissatisfied ratings; full points from 90%."),
    ),
)


def _total(terms: tuple[str, ...], measures: Mapping[str, int]) -> int:
    """Sums the named measures, a leading "-" subtracting; a missing or negative measure counts as 0 and the sum
    never goes below 0 (a count cannot)."""
    total = 0
    for term in terms:
        sign, name = (-1, term[1:]) if term.startswith("-") else (1, term)
        total += sign * max(0, int(measures.get(name, 0)))
    return max(0, total)


def score_indicator(indicator: Indicator, measures: Mapping[str, int]) -> IndicatorScore:
    if not indicator.measured:
        return IndicatorScore(indicator.key, indicator.name, None, None, None, indicator.max_points, False)
    numerator = _total(indicator.numerator, measures)
    denominator = _total(indicator.denominator, measures)
    if denominator == 0:
        # The portal's notes: "Nếu mẫu số = 0: hiển thị 0" — nothing to count earns nothing, not full points.
        points = 0.0
    else:
        ratio = min(numerator / denominator, 1.0)
        points = indicator.max_points * min(ratio / indicator.threshold, 1.0)
    return IndicatorScore(
        indicator.key, indicator.name, numerator, denominator, round(points, 2), indicator.max_points, True
    )


def score(measures: Mapping[str, int]) -> IndexScore:
    """The index for one scope and period from its measures (names of MEASURES; unknown names are ignored)."""
    groups = []
    for key, name, group_max in GROUPS:
        scores = tuple(score_indicator(i, measures) for i in INDICATORS if i.group == key)
        measured = [s.points for s in scores if s.points is not None]
        points = round(sum(measured), 2) if measured else None
        groups.append(GroupScore(key, name, points, group_max, scores))
    return IndexScore(
        total=round(sum(g.points or 0.0 for g in groups), 2),
        max=sum(g.max for g in groups),
        measured_max=sum(s.max for g in groups for s in g.indicators if s.measured),
        groups=tuple(groups),
    )
