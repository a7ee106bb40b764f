"""Administration of the catalog. Versions leave the draft state read-only: change = a new draft."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.catalog.importers.fees import amount_in_note
from motcua.catalog.models import (
    AgencyProcedure,
    ChannelFee,
    FeeToConfirm,
    Field,
    LegalBasis,
    Procedure,
    ProcedureChannel,
    ProcedureVersion,
    Process,
    ProcessStep,
    RequiredDocument,
)
from motcua.catalog.services import (
    VersionError,
    budget_problems,
    confirm_fees,
    publish_version,
    refresh_draft,
    start_new_draft,
    withdraw_procedure,
)
from motcua.catalog.staffing import unstaffed_process_ids, unstaffed_steps
from motcua.core.text import fold


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "name_folded"]


class DraftOnlyInline:
    """Children of a version can be edited while it is a draft, and only then."""

    def _editable(self, obj) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class ChannelInline(DraftOnlyInline, admin.TabularInline):
    model = ProcedureChannel
    fields = ["channel", "deadline_amount", "deadline_unit", "deadline_text", "note"]
    extra = 0
    show_change_link = True


class DocumentInline(DraftOnlyInline, admin.TabularInline):
    model = RequiredDocument
    fields = ["position", "name", "originals", "copies", "form_name", "form_file", "note"]
    extra = 0


class LegalBasisInline(DraftOnlyInline, admin.TabularInline):
    model = LegalBasis
    fields = ["position", "code", "title", "issued_on", "issuer"]
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "number", "short_name", "status", "field", "online_level", "published_at"]
    list_filter = ["status", "online_level", "source"]
    search_fields = ["search_text"]  # folded: code, name, field, agencies
    list_select_related = ["procedure", "field"]
    autocomplete_fields = ["field"]
    inlines = [ChannelInline, DocumentInline, LegalBasisInline]
    actions = ["publish"]
    readonly_fields = [
        "procedure",
        "number",
        "status",
        "published_at",
        "withdrawn_at",
        "created_at",
        "created_by",
        "source",
        "source_url",
        "page_link",
    ]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "status", "page_link", "name", "field", "levels", "online_level"]}),
        (
            _("Agencies"),
            {
                "fields": [
                    "implementing_agency",
                    "competent_agency",
                    "coordinating_agency",
                    "delegated_agency",
                    "reception_address",
                ]
            },
        ),
        (_("Content"), {"fields": ["target_groups", "procedure_type", "steps", "result", "conditions"]}),
        (_("Publicity"), {"fields": ["decision_number", "decided_on", "published_at", "withdrawn_at"]}),
        (_("Origin"), {"fields": ["source", "source_url", "created_at", "created_by"]}),
    ]

    @admin.display(description=_("code"), ordering="procedure__code")
    def code(self, obj):
        return obj.procedure.code

    @admin.display(description=_("name"))
    def short_name(self, obj):
        return obj.name[:120]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    @admin.display(description=_("public page"))
    def page_link(self, obj):
        url = reverse("portal:procedure", args=[obj.procedure.code]) + f"?phien_ban={obj.number}"
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    def has_add_permission(self, request):
        return False  # versions come from imports or from "start a new draft" on the procedure

    def has_change_permission(self, request, obj=None):
        # Published, superseded and withdrawn versions are shown read-only.
        return (obj is None or obj.is_editable) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        refresh_draft(version=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_draft(version=form.instance)  # the hash covers channels and documents too

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                publish_version(version=version)
            except VersionError as exc:
                self.message_user(request, f"{version}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s is published.") % {"version": version}, messages.SUCCESS)


class FeeInline(DraftOnlyInline, admin.TabularInline):
    model = ChannelFee
    fields = ["label", "amount", "currency", "note"]
    extra = 0

    def _editable(self, obj):
        return obj is None or obj.version.is_editable


@admin.register(FeeToConfirm)
class FeeToConfirmAdmin(admin.ModelAdmin):
    """Amounts the source gives that cannot be right (50 đồng where the note says 25.000 đồng): an administrator
    confirms one that is right after all, or corrects it in a new version of the procedure."""

    list_display = ["procedure_code", "channel", "amount", "currency", "note", "amount_in_note"]
    list_select_related = ["channel__version__procedure"]
    search_fields = ["channel__version__procedure__code", "channel__version__name"]
    actions = ["confirm"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(needs_review=True, channel__version__is_latest=True)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("procedure"))
    def procedure_code(self, fee):
        procedure = fee.channel.version.procedure
        url = reverse("admin:catalog_procedure_change", args=[procedure.pk])
        return format_html('<a href="{}">{}</a>', url, procedure.code)

    @admin.display(description=_("amount the note quotes"))
    def amount_in_note(self, fee):
        found = amount_in_note(fee.note)
        return f"{found:,}".replace(",", ".") if found else "—"

    @admin.action(description=_("Confirm: the amount is right"), permissions=["view"])
    def confirm(self, request, queryset):
        confirmed = confirm_fees(fee_ids=list(queryset.values_list("pk", flat=True)))
        messages.success(request, _("%(n)d fees confirmed.") % {"n": confirmed})


@admin.register(ProcedureChannel)
class ProcedureChannelAdmin(admin.ModelAdmin):
    list_display = ["version", "channel", "deadline_amount", "deadline_unit"]
    list_select_related = ["version__procedure"]
    search_fields = ["version__procedure__code"]
    inlines = [FeeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.version.is_editable) and super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_draft(version=form.instance.version)


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "status", "name", "published_at", "withdrawn_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AgencyLinkInline(admin.TabularInline):
    model = AgencyProcedure
    autocomplete_fields = ["agency"]
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "current_name", "latest_status", "published_version"]
    search_fields = ["latest_version__search_text"]  # folded: code, name, field, agencies
    list_select_related = ["latest_version", "published_version"]
    readonly_fields = ["code", "latest_version", "published_version", "created_at"]
    inlines = [VersionInline, AgencyLinkInline]
    actions = ["new_draft", "withdraw"]

    @admin.display(description=_("name"))
    def current_name(self, obj):
        return obj.latest_version.name[:120] if obj.latest_version else ""

    @admin.display(description=_("status"))
    def latest_status(self, obj):
        return obj.latest_version.get_status_display() if obj.latest_version else ""

    def has_add_permission(self, request):
        return False  # procedures come from the national database (motcua import-catalog)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    @admin.action(description=_("Start a new draft version (to change a procedure)"))
    def new_draft(self, request, queryset):
        drafts = [start_new_draft(procedure=p, user=request.user) for p in queryset]
        if len(drafts) == 1:
            return redirect("admin:catalog_procedureversion_change", drafts[0].pk)
        self.message_user(request, _("%(n)d drafts are ready.") % {"n": len(drafts)}, messages.SUCCESS)
        return None

    @admin.action(description=_("Withdraw the selected procedures"))
    def withdraw(self, request, queryset):
        for procedure in queryset:
            try:
                withdraw_procedure(procedure=procedure)
            except VersionError as exc:
                self.message_user(request, f"{procedure.code}: {exc}", messages.ERROR)


class StepFormSet(forms.BaseInlineFormSet):
    """The step budgets must add up to the legal limit of every channel the process serves."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        steps = [
            (form.cleaned_data["budget_amount"], form.cleaned_data["budget_unit"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not steps:
            raise ValidationError(_("A process needs at least one step."))
        process = self.instance
        if process.procedure_id:
            problems = budget_problems(procedure=process.procedure, channel=process.channel, steps=steps)
            if problems:
                raise ValidationError(problems)


class StepInline(admin.TabularInline):
    model = ProcessStep
    formset = StepFormSet
    fields = ["position", "name", "public_name", "role", "unit", "budget_amount", "budget_unit"]
    autocomplete_fields = ["unit"]
    extra = 0


class StaffedFilter(admin.SimpleListFilter):
    """Processes with a step nobody may take (no active user holds its role at its agency or above it)."""

    title = _("staffing")
    parameter_name = "nguoi_xu_ly"

    def lookups(self, request, model_admin):
        return [("thieu", _("A step nobody can take"))]

    def queryset(self, request, queryset):
        if self.value() == "thieu":
            return queryset.filter(pk__in=unstaffed_process_ids())
        return queryset


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["procedure", "agency", "channel", "updated_at"]
    list_filter = [StaffedFilter, "channel"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id).isascii() and str(object_id).isdigit():
            for step in unstaffed_steps(process_ids={int(object_id)}):
                self.message_user(
                    request,
                    _("Step %(position)s (%(step)s): nobody is %(role)s at %(agency)s, so nobody can take it.")
                    % {"position": step.position, "step": step.step, "role": step.role_label, "agency": step.agency},
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    search_fields = ["procedure__code", "agency__name"]
    autocomplete_fields = ["procedure", "agency"]
    inlines = [StepInline]


@admin.register(AgencyProcedure)
class AgencyProcedureAdmin(admin.ModelAdmin):
    list_display = ["agency", "procedure", "is_active"]
    list_filter = ["is_active", "agency"]
    search_fields = ["procedure__code", "agency__name"]
    autocomplete_fields = ["agency", "procedure"]
