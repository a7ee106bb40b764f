"""The booking form: the slot chosen on the page and who is coming. The service checks everything again."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    slot = forms.CharField(max_length=40, error_messages={"required": _("Choose a time.")})
    name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Your name is too long (at most %(limit_value)s characters)."),
        },
    )
    phone = forms.CharField(label=_("Mobile phone"), required=False, max_length=20)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    procedure_code = forms.CharField(
        label=_("Procedure code"),
        required=False,
        max_length=40,
        help_text=_("If you know it, e.g. 1.001234: the officer can prepare."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the centre uses my name and contact only for this visit and its messages."),
        error_messages={"required": _("Tick the box to agree, or the visit cannot be booked.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["email"].widget.input_type = "email"
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")

    def clean_slot(self) -> datetime:
        try:
            moment = datetime.fromisoformat(self.cleaned_data["slot"])
        except ValueError:
            raise forms.ValidationError(_("Choose a time.")) from None
        if moment.tzinfo is None:
            raise forms.ValidationError(_("Choose a time."))
        return moment

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.has_error("phone"):
            self.add_error("phone", _("Enter a phone number or an e-mail address to receive your code."))
        return data
