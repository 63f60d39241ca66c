from django.contrib import admin

from psoportal.schedule.models import ScheduledEffect


@admin.register(ScheduledEffect)
class ScheduledEffectAdmin(admin.ModelAdmin):
    """Read-only: support staff look for effects that gave up (attempts, last error); a row is
    never edited by hand, since its existence is what keeps the effect from happening twice."""

    list_display = ("job", "key", "claimed_at", "done_at", "attempts", "last_error")
    list_filter = ("job",)
    search_fields = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
