from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.models import Level, OnlineLevel


class CatalogFilterForm(forms.Form):
    """The catalog's search box and filters; field and agency choices come from what has procedures."""

    q = forms.CharField(label=_("Find a procedure"), required=False, max_length=200)
    linh_vuc = forms.TypedChoiceField(label=_("Field"), required=False, coerce=int, empty_value=None)
    co_quan = forms.ChoiceField(label=_("Agency"), required=False)
    cap = forms.ChoiceField(
        label=pgettext_lazy("the level of government that handles a procedure", "Level"),
        required=False,
        choices=[("", _("All levels")), *Level.choices],
    )
    truc_tuyen = forms.ChoiceField(
        label=_("Online service"), required=False, choices=[("", _("Any")), *OnlineLevel.choices]
    )

    def __init__(self, *args, fields=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].choices = [("", _("All fields"))] + [
            (f.pk, f"{f.name} ({f.procedure_count})") for f in fields
        ]
        self.fields["co_quan"].choices = [("", _("All agencies"))] + [
            (a.code, f"{a.name} ({a.procedure_count})") for a in agencies
        ]
