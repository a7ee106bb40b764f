"""Display helpers for amounts of time and money, Vietnamese style (1.500.000 đồng; 7,5 ngày)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.catalog.models import DeadlineUnit

register = template.Library()


@register.filter
def number(value) -> str:
    """A number without useless decimals, with the separators of the active language."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    text = f"{value.normalize():,f}" if value != value.to_integral_value() else f"{int(value):,}"
    if (get_language() or "vi").startswith("vi"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


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


@register.filter
def money(fee) -> str:
    if fee.amount is None:
        return ""
    if fee.amount == 0:
        return _("Free of charge")
    unit = _("dong") if fee.currency == "VND" else fee.currency
    return f"{number(fee.amount)} {unit}"
