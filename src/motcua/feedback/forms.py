"""The forms citizens and staff fill in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.models import Agency
from motcua.feedback.models import About, Criterion, Level

LEVEL_CHOICES = [(str(value), label) for value, label in Level.choices]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("How satisfied are you?"), choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Criterion.choices:
            self.fields[f"c_{value}"] = forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("No answer")), *LEVEL_CHOICES],
            )

    def criteria(self) -> dict[str, int]:
        return {c: self.cleaned_data[f"c_{c}"] for c in Criterion.values if self.cleaned_data.get(f"c_{c}")}

    def criterion_fields(self):
        return [self[f"c_{c}"] for c in Criterion.values]


class FeedbackForm(forms.Form):
    # Its fields are exactly services.submit_feedback's keywords: the page and the API pass cleaned_data as is.
    about = forms.ChoiceField(label=_("Your feedback is about"), choices=About.choices, initial=About.OTHER)
    dossier_code = forms.CharField(label=_("Dossier code"), required=False, max_length=40)
    agency = forms.ModelChoiceField(label=_("Agency"), required=False, queryset=Agency.objects.none())
    officer_text = forms.CharField(label=_("Officer's name or counter"), required=False, max_length=255)
    procedure_code = forms.CharField(label=_("Procedure code"), required=False, max_length=32)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your feedback"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=255)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    phone = forms.RegexField(
        label=_("Phone (optional)"),
        required=False,
        regex=r"^\+?[0-9 .-]{8,20}$",
        error_messages={"invalid": _("Enter a phone number of digits.")},
    )
    publish_ok = forms.BooleanField(label=_("The answer may be published (without my name or contact)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name_sort")

    def clean(self):
        data = super().clean()
        about = data.get("about")
        if about == About.DOSSIER and not data.get("dossier_code"):
            self.add_error("dossier_code", _("Enter the dossier code."))
        if about == About.AGENCY and not data.get("agency"):
            self.add_error("agency", _("Choose the agency."))
        if about == About.OFFICER and not data.get("officer_text"):
            self.add_error("officer_text", _("Enter the officer's name or the counter."))
        if about == About.PROCEDURE and not data.get("procedure_code"):
            self.add_error("procedure_code", _("Enter the procedure code."))
        return data


class ReadForm(forms.Form):
    bi_mat = forms.CharField(label=_("Secret"), max_length=16)

    def __init__(self, data=None):
        super().__init__({"bi_mat": data.get("bi-mat", "")} if data is not None else None)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    publish = forms.BooleanField(label=_("Publish the answer (the citizen agreed)"), required=False)


class PeriodForm(forms.Form):
    tu = forms.DateField(
        label=pgettext_lazy("the first day of a period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    den = forms.DateField(
        label=pgettext_lazy("the last day of a period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
