"""The dossier page's action forms: what each posts comes from the action's typed input (dossiers.actions), and
what was typed becomes that input, or messages in the officer's language by the form, nothing typed lost."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from motcua.dossiers.actions import INPUTS, ActionInput
from motcua.dossiers.states import Action

# Fields of the typed inputs that the desk's forms make from other widgets: the supplement's `items` from the
# ticked documents (`missing`) and the other lines (`other_missing`); the approval's `result_file_id` from the
# uploaded result, kept across a failed try.
MADE_FROM = {"items": ("missing", "other_missing"), "result_file_id": ()}

# How a field is named in a message (Vietnamese: in the middle of a sentence).
LABELS = {
    "reason": gettext_lazy("The reason"),
    "new_due_at": gettext_lazy("The new appointment"),
    "receiver": gettext_lazy("Who received the result"),
    "tracking_number": gettext_lazy("The postal tracking number"),
    "receipt_number": gettext_lazy("The receipt number"),
    "note": gettext_lazy("The note"),
    "apology": gettext_lazy("The apology"),
    "items": gettext_lazy("The documents to complete"),
    "assignee": gettext_lazy("The assignee"),
}


@dataclass
class ActionForm:
    name: str
    label: str
    values: dict = field(default_factory=dict)
    error: str = ""
    errors: dict = field(default_factory=dict)  # field name → message, when the typed input refused a value
    kept_file: object = None  # a result already uploaded by this user, kept across a failed approval
    attempted: bool = False  # the form just submitted (shown open, with what was typed)


def posted(post, action: Action) -> dict:
    """What the form of `action` posted (besides `action` and `version`), as typed; blanks left out."""
    values: dict = {}
    for name in INPUTS[action].model_fields:
        for widget in MADE_FROM.get(name, (name,)):
            values[widget] = post.getlist(widget) if widget == "missing" else post.get(widget, "")
    return {k: v for k, v in values.items() if v}


def command(action: Action, values: dict, kept) -> ActionInput:
    """The typed input of `action` from what was typed; raises ValidationError (see `messages`)."""
    cls = INPUTS[action]
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in cls.model_fields}
    if "items" in cls.model_fields:
        others = [line.strip() for line in values.get("other_missing", "").splitlines() if line.strip()]
        fields["items"] = [*values.get("missing", []), *others]
    if "result_file_id" in cls.model_fields:
        fields["result_file_id"] = kept.pk if kept is not None else None
    for name, info in cls.model_fields.items():  # left blank: the service says, in words, what is missing
        if info.is_required():
            fields.setdefault(name, "")
    return cls(**fields)


def messages(error: ValidationError, values: dict) -> dict[str, str]:
    """One message per field the typed input refused, in the officer's language."""
    found: dict[str, str] = {}
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        label = LABELS.get(name, name)
        if not values.get(name):
            message = _("%(field)s is required.") % {"field": label}
        elif name == "new_due_at":
            message = _("The new appointment is not a date and time.")
        elif item["type"] == "string_too_long":
            limit = (item.get("ctx") or {}).get("max_length", 0)
            message = _("%(field)s is too long: at most %(max)d characters.") % {"field": label, "max": limit}
        else:
            message = _("%(field)s is not valid.") % {"field": label}
        found.setdefault(name, message)
    return found
