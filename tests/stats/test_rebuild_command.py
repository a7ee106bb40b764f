"""`motcua stats rebuild`: an operator recounts the figures from the dossiers after they were lost or written in
bulk; a bad argument is refused with a message."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.stats.models import DayFigures, MonthFigures, ProcedureMonth, StockTotal
from motcua.stats.selectors.figures import Scope, summary
from tests.e2e.province import receive, returned, to_result_ready

pytestmark = pytest.mark.django_db


def test_rebuild_restores_the_figures_the_events_kept(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        returned(world, to_result_ready(world, receive(world, days_ago=3)))
        receive(world, agency="construction")
        receive(world, days_ago=40)
    today = timezone.localdate()
    scope = Scope(start=today.replace(day=1) - timezone.timedelta(days=45), end=today)
    kept = summary(scope)
    assert kept.received == 3 and kept.resolved == 1 and kept.in_progress == 2
    for model in (DayFigures, MonthFigures, StockTotal, ProcedureMonth):
        model.objects.all().delete()
    assert summary(scope).received == 0

    out = StringIO()
    call_command("stats", "rebuild", stdout=out)

    assert summary(scope) == kept
    assert sum(ProcedureMonth.objects.values_list("received", flat=True)) == 3
    assert "figures recounted" in out.getvalue()


def test_bad_arguments_are_refused_with_a_message(world):
    with pytest.raises(CommandError, match="not a date"):
        call_command("stats", "rebuild", "--from", "hôm qua")
    with pytest.raises(CommandError, match="before"):
        call_command("stats", "rebuild", "--from", "2026-05-01", "--to", "2026-04-01")
    with pytest.raises(CommandError, match="no province"):
        call_command("stats", "rebuild", "--province", "000.00.00.X00")
