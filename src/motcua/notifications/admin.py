"""The outbox for operators: what was sent, what failed and why; failed messages can be queued again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from motcua.notifications.models import Message, Preference
from motcua.notifications.services import SECRET_KINDS, requeue


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "channel", "status", "attempts", "next_attempt_at", "sent_at", "dossier"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["dossier__code", "provider_id"]
    list_select_related = ["dossier"]
    actions = ["send_again"]
    exclude = ["body"]
    readonly_fields = ["text"]

    @admin.display(description=_("text"))
    def text(self, message: Message) -> str:
        # A one-time code is the citizen's alone: an operator reading it could take their account.
        return _("(a one-time code: not shown)") if message.kind in SECRET_KINDS else message.body

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the failed messages again"))
    def send_again(self, request, queryset):
        count = requeue(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d messages queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["applicant", "language", "email", "sms"]
    raw_id_fields = ["applicant"]
