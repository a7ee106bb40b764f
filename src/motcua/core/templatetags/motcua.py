"""Display helpers for amounts of time and money, Vietnamese style (1.500.000 đồng; 7,5 ngày)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def number(value, language: str | None = None) -> str:
    """A number without useless decimals, with the separators of the language (the active one by default; a
    table of figures passes it, read once, instead of looking it up for each of its hundreds of cells)."""
    if value is None or value == "":
        return ""
    if isinstance(value, int):  # most figures are counts
        text = f"{value:,}"
    else:
        value = Decimal(value)
        text = f"{value.normalize():,f}" if value != value.to_integral_value() else f"{int(value):,}"
    if (language or get_language() or "vi").startswith("vi"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


@register.filter
def money(fee) -> str:
    if fee.amount is None:
        return ""
    if fee.amount == 0:
        return _("Free of charge")
    unit = _("dong") if fee.currency == "VND" else fee.currency
    return f"{number(fee.amount)} {unit}"
