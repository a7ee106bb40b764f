"""Administration of the working calendar: office hours, official years, and a month grid per year."""

import calendar as month_calendar
from datetime import date

from django.contrib import admin
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.workdays.models import CalendarDay, OfficialYear, WorkSchedule
from motcua.workdays.selectors import calendar_for, year_days
from motcua.workdays.services import bump_revision, remove_calendar_day, save_calendar_day


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "monday", "saturday", "updated_at"]
    autocomplete_fields = ["centre"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_revision()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_revision()


@admin.register(OfficialYear)
class OfficialYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "recorded_at", "year_link"]
    readonly_fields = ["recorded_at"]

    @admin.display(description=_("days of the year"))
    def year_link(self, obj):
        url = reverse("admin:workdays_calendarday_year", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump_revision()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_revision()


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "name", "basis", "periods"]
    list_filter = ["kind"]
    search_fields = ["name", "basis"]
    date_hierarchy = "day"
    change_list_template = "admin/workdays/calendarday_change_list.html"

    def get_urls(self):
        extra = [path("year/<int:year>/", self.admin_site.admin_view(self.year_view), name="workdays_calendarday_year")]
        return extra + super().get_urls()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "day" in request.GET:
            initial["day"] = request.GET["day"]
        return initial

    def save_model(self, request, obj, form, change):
        if change and "day" in form.changed_data:
            remove_calendar_day(day=form.initial["day"])
        saved = save_calendar_day(day=obj.day, kind=obj.kind, periods=obj.periods, name=obj.name, basis=obj.basis)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        remove_calendar_day(day=obj.day)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            remove_calendar_day(day=row.day)

    def year_view(self, request, year: int):
        calendar = calendar_for()
        views = {v.day: v for v in year_days(calendar=calendar, year=year)}
        rows = {r.day: r.pk for r in CalendarDay.objects.filter(day__year=year)}
        months = []
        for month in range(1, 13):
            weeks = []
            for week in month_calendar.Calendar().monthdatescalendar(year, month):
                weeks.append(
                    [(day, views.get(day), rows.get(day)) if day.month == month else (None, None, None) for day in week]
                )
            months.append((date(year, month, 1), weeks))
        official = OfficialYear.objects.filter(year=year).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Working calendar %(year)d") % {"year": year},
            "year": year,
            "months": months,
            "official": official,
            "opts": self.model._meta,
            "working_days": sum(1 for v in views.values() if v.is_working),
            "exceptions": [v for v in views.values() if v.is_exception],
        }
        return render(request, "admin/workdays/year.html", context)
