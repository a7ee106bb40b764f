"""Template filters for procedures: a legal time limit in words ("15 ngày làm việc")."""

from django import template
from django.utils.translation import gettext as _

from motcua.catalog.models import DeadlineUnit
from motcua.core.templatetags.motcua import number

register = template.Library()


@register.filter
def duration(amount, unit: str | None) -> str:
    """ "15 ngày làm việc"; an unknown limit says so."""
    if amount is None or not unit:
        return _("Not stated")
    return f"{number(amount)} {DeadlineUnit(unit).label}"


@register.filter
def channel_deadline(channel) -> str:
    if channel.has_deadline:
        return duration(channel.deadline_amount, channel.deadline_unit)
    return channel.deadline_text or _("Not stated")
