"""What the demo year's citizens said: ratings of returned dossiers and feedback (phản ánh, kiến nghị), some of it
answered and published, in the shares a real province reports (a third of returned dossiers rated, satisfaction
in the high nineties, a few feedback letters per thousand dossiers, nearly all answered on time).

Written in bulk like the dossier history. Which dossier is rated and how is drawn from its code, so running the
demo again rates the same dossiers the same way and adds only what is missing; feedback is written once.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from motcua.core.counters import increment
from motcua.core.models import Agency, Role, RoleAssignment
from motcua.dossiers.models import Dossier, Timeliness
from motcua.dossiers.services.codes import lookup_secret
from motcua.dossiers.states import State
from motcua.feedback.models import About, Criterion, Feedback, FeedbackSequence, Rating, RatingChannel, RatingScore
from motcua.workdays.selectors import calendar_for

RATED_SHARE = 0.35  # of returned dossiers
LEVELS = (5, 4, 3, 2, 1)
LEVEL_WEIGHTS = {"on_time": (74, 22, 3, 0.7, 0.3), "late": (20, 30, 25, 15, 10)}
SCORED_SHARE = 0.5  # of ratings: the citizen also scored some of the nine criteria
FEEDBACK_PER_THOUSAND = 4
ANSWERED_SHARE, PUBLISH_OK_SHARE = 0.92, 0.5
FEEDBACK_DAYS = 15  # working days to answer
COMMENTS = (
    "Cán bộ hướng dẫn tận tình, trả kết quả sớm hơn hẹn.",
    "Thủ tục nhanh gọn, không phải đi lại nhiều lần.",
    "Nhân viên nhiệt tình, chu đáo.",
    "Chờ hơi lâu ở quầy nhưng được hướng dẫn rõ ràng.",
    "Trả kết quả chậm so với giấy hẹn.",
)
TOPICS = (
    (
        About.DOSSIER,
        "Hồ sơ trả kết quả chậm so với giấy hẹn",
        "Tôi nộp hồ sơ nhưng đến nay đã quá hạn mà chưa nhận được kết quả.",
    ),
    (
        About.DOSSIER,
        "Đề nghị cho biết tiến độ giải quyết hồ sơ",
        "Tôi không tra cứu được bước đang xử lý của hồ sơ, đề nghị hướng dẫn.",
    ),
    (
        About.PROCEDURE,
        "Đề nghị đơn giản hóa thành phần hồ sơ",
        "Thủ tục yêu cầu nộp bản sao giấy tờ đã có trong cơ sở dữ liệu dân cư.",
    ),
    (
        About.OFFICER,
        "Cán bộ hướng dẫn chưa đầy đủ",
        "Tôi phải đi lại hai lần vì lần đầu không được hướng dẫn đủ giấy tờ.",
    ),
    (About.OTHER, "Đề nghị bố trí thêm chỗ ngồi chờ", "Buổi sáng thứ Hai đông người, khu vực chờ không đủ ghế."),
)
ANSWERS = {
    About.DOSSIER: (
        "Cơ quan đã kiểm tra, hồ sơ được giải quyết và trả kết quả; trân trọng xin lỗi ông/bà vì sự chậm trễ."
    ),
    About.PROCEDURE: "Kiến nghị đã được tổng hợp gửi cơ quan ban hành để xem xét khi rà soát thủ tục.",
    About.OFFICER: "Trung tâm đã nhắc nhở cán bộ và bổ sung tài liệu hướng dẫn tại quầy.",
    About.OTHER: "Trung tâm đã bố trí thêm ghế chờ và mở thêm quầy vào sáng thứ Hai.",
}


def _draw(code: str) -> random.Random:
    """A random stream of the dossier's own, so a re-run draws the same for it."""
    return random.Random(int.from_bytes(hashlib.sha256(code.encode()).digest()[:8], "big"))


@transaction.atomic
def generate_ratings(*, province: Agency, now: datetime | None = None) -> int:
    """Rate about a third of the province's returned dossiers that have no rating yet; how many were rated."""
    now = now or timezone.now()
    returned = (
        Dossier.objects.filter(province=province, state=State.RETURNED, returned_at__isnull=False)
        .exclude(Exists(Rating.objects.filter(dossier=OuterRef("pk"))))
        .values_list("pk", "code", "agency_id", "channel", "counter_id", "received_by_id", "timeliness", "returned_at")
    )
    ratings, scores = [], []
    for pk, code, agency_id, channel, counter_id, officer_id, timeliness, returned_at in returned.iterator():
        rng = _draw(code)
        if rng.random() >= RATED_SHARE:
            continue
        at = min(returned_at + timedelta(hours=rng.uniform(0.1, 72)), now)
        mood = "late" if timeliness == Timeliness.LATE else "on_time"
        level = rng.choices(LEVELS, weights=LEVEL_WEIGHTS[mood])[0]
        at_counter = channel != "online" and counter_id is not None and rng.random() < 0.6
        rating = Rating(
            dossier_id=pk,
            province=province,
            agency_id=agency_id,
            officer_id=officer_id,
            counter_id=counter_id if at_counter else None,
            channel=RatingChannel.TABLET if at_counter else RatingChannel.ONLINE,
            level=level,
            comment=rng.choice(COMMENTS) if rng.random() < 0.15 else "",
            created_at=at,
            updated_at=at,
        )
        ratings.append(rating)
        if rng.random() < SCORED_SHARE:
            for criterion in rng.sample(list(Criterion), k=rng.randint(3, 9)):
                scores.append((rating, criterion, max(1, min(5, level + rng.choice((-1, 0, 0, 0, 1))))))
    Rating.objects.bulk_create(ratings, batch_size=1000)
    RatingScore.objects.bulk_create(
        [RatingScore(rating=r, province_id=r.province_id, criterion=c, level=lv) for r, c, lv in scores],
        batch_size=2000,
    )
    return len(ratings)


@transaction.atomic
def generate_feedback(*, province: Agency, seed: int = 2026, now: datetime | None = None) -> int:
    """A few feedback letters per thousand dossiers over the year, routed, most answered within 15 working days,
    half of those published with the citizen's consent. Only once: a province that has feedback keeps it."""
    if Feedback.objects.filter(province=province).exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(seed)
    calendar = calendar_for()
    dossiers = list(
        Dossier.objects.filter(province=province, received_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "code", "agency_id", "procedure_id", "received_at", "timeliness")
    )
    leaders = dict(RoleAssignment.objects.filter(role=Role.LEADER).order_by("-pk").values_list("agency_id", "user_id"))
    letters = []
    for pk, code, agency_id, procedure_id, received_at, timeliness in rng.sample(
        dossiers, k=len(dossiers) * FEEDBACK_PER_THOUSAND // 1000
    ):
        about, subject, text = rng.choice(TOPICS[:2] if timeliness == Timeliness.LATE else TOPICS)
        created = min(received_at + timedelta(days=rng.uniform(1, 30)), now - timedelta(hours=1))
        due = calendar.due(created, FEEDBACK_DAYS, "working_day")
        # most letters past their deadline were answered; some recent ones already are
        answered = (due < now and rng.random() < ANSWERED_SHARE) or rng.random() < 0.3
        answered_at = min(created + (due - created) * rng.uniform(0.2, 0.95), now) if answered else None
        publish_ok = rng.random() < PUBLISH_OK_SHARE
        day = timezone.localdate(created)
        number = increment(FeedbackSequence, key={"day": day}, field="last")
        letters.append(
            Feedback(
                code=f"PA-{day:%y%m%d}-{number:04d}",
                secret=lookup_secret(),
                province=province,
                agency_id=agency_id,
                about=about,
                dossier_id=pk if about == About.DOSSIER else None,
                dossier_code=code if about == About.DOSSIER else "",
                procedure_id=procedure_id if about == About.PROCEDURE else None,
                officer_text="Quầy tiếp nhận số 3" if about == About.OFFICER else "",
                subject=subject,
                text=text,
                publish_ok=publish_ok,
                created_at=created,
                due_at=due,
                answer=ANSWERS[about] if answered else "",
                answered_at=answered_at,
                answered_by_id=leaders.get(agency_id) if answered else None,
                published=bool(answered and publish_ok),
            )
        )
    Feedback.objects.bulk_create(letters, batch_size=500)
    return len(letters)
