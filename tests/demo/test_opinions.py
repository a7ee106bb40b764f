"""The demo year carries what citizens said: ratings of returned dossiers and feedback, some answered and
published, in a real province's shares (it had none: every rating and feedback screen was empty)."""

import pytest
from django.db.models import Avg

from motcua.demo.build import build_demo
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback, Rating, RatingScore

pytestmark = pytest.mark.django_db


def test_the_demo_year_has_ratings_and_feedback_true_to_life(tmp_path):
    build_demo(catalog_dir=tmp_path / "absent", dossiers=3000)
    returned = Dossier.objects.filter(state="returned").count()
    rated = Rating.objects.count()
    assert 0.25 * returned < rated < 0.45 * returned
    assert 4.3 < Rating.objects.aggregate(avg=Avg("level"))["avg"] < 4.9  # satisfaction in the high nineties
    assert Rating.objects.filter(level__lte=2).exists() and RatingScore.objects.exists()
    late = Dossier.objects.filter(timeliness="late").count() / Dossier.objects.exclude(timeliness="").count()
    assert 0.02 <= late <= 0.05
    letters = Feedback.objects.count()
    assert letters >= 8
    answered = Feedback.objects.filter(answered_at__isnull=False)
    assert answered.count() > letters / 2
    assert all(f.answered_at <= f.due_at for f in answered)
    assert Feedback.objects.filter(published=True, publish_ok=True).exists()
    assert not Feedback.objects.filter(published=True, publish_ok=False).exists()


def test_running_the_demo_again_adds_no_second_opinion(tmp_path):
    build_demo(catalog_dir=tmp_path / "absent", dossiers=1000)
    ratings, letters = Rating.objects.count(), Feedback.objects.count()
    build_demo(catalog_dir=tmp_path / "absent", dossiers=1000)
    assert (Rating.objects.count(), Feedback.objects.count()) == (ratings, letters)
