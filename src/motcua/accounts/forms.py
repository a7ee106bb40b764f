"""The forms of citizens' accounts."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import AccountError, parse_contact
from motcua.dossiers.models import ApplicantKind

# CCCD: 12 digits (older CMND: 9); a tax code: 10 digits, or 13 with a branch suffix (0101234567-001).
ID_NUMBER = r"^[0-9]{9}$|^[0-9]{12}$|^[0-9]{10}(-?[0-9]{3})?$"
ID_NUMBER_MESSAGE = _("An ID number has 12 digits; a tax code 10 or 13.")
CONTACT_HELP = _("Your mobile phone number (10 digits) or your e-mail address.")


class PasswordTwice:
    """The password typed twice must be the same."""

    def clean(self):
        data = super().clean()
        # As typed: a password refused by its own rules must still match its repetition.
        if data.get("password2") is not None and self.data.get("password", "") != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


def _contact(form) -> str:
    try:
        parse_contact(form.cleaned_data["contact"])
    except AccountError as error:
        raise forms.ValidationError(error.message) from error
    return form.cleaned_data["contact"]


class RegisterForm(PasswordTwice, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=254, help_text=CONTACT_HELP)
    password = forms.CharField(
        max_length=200,
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 8 characters, not only digits."),
    )
    password2 = forms.CharField(
        max_length=200, label=_("Password again"), strip=False, widget=forms.PasswordInput(render_value=True)
    )

    def clean_contact(self):
        return _contact(self)

    def clean_password(self):
        # Every rule at once, beside the field: a person fixes everything in one go.
        validate_password(self.cleaned_data["password"])
        return self.cleaned_data["password"]


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("One-time code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class LoginForm(forms.Form):
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=254)
    password = forms.CharField(max_length=200, label=_("Password"), strip=False, widget=forms.PasswordInput)


class ForgotForm(forms.Form):
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=254, help_text=CONTACT_HELP)

    def clean_contact(self):
        return _contact(self)


class ResetForm(PasswordTwice, CodeForm):
    password = forms.CharField(
        max_length=200, label=_("New password"), strip=False, widget=forms.PasswordInput(render_value=True)
    )
    password2 = forms.CharField(
        max_length=200, label=_("New password again"), strip=False, widget=forms.PasswordInput(render_value=True)
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    kind = forms.ChoiceField(label=_("You are"), choices=ApplicantKind.choices)
    id_number = forms.RegexField(
        label=_("ID number (CCCD) or tax code"),
        required=False,
        max_length=20,
        regex=ID_NUMBER,
        error_messages={"invalid": ID_NUMBER_MESSAGE},
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=255)
    language = forms.ChoiceField(label=_("Language of messages"), choices=[("vi", "Tiếng Việt"), ("en", "English")])
    notify_sms = forms.BooleanField(label=_("Tell me by SMS"), required=False)
    notify_email = forms.BooleanField(label=_("Tell me by e-mail"), required=False)


class ContactForm(forms.Form):
    contact = forms.CharField(label=_("Another phone or e-mail"), max_length=254, help_text=CONTACT_HELP)


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("What it is"), max_length=200, required=False, help_text=_("e.g. Căn cước công dân, Giấy khai sinh")
    )
    file = forms.FileField(label=_("File (PDF or image)"))
