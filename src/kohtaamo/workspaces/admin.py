from django.contrib import admin

from .models import Agent, ApiToken, Membership, Queue, Team, Workspace


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "country", "case_window_days"]
    search_fields = ["name", "slug"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role"]
    list_filter = ["workspace", "role"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Secrets are never shown again; only the prefix identifies a token."""

    list_display = ["name", "workspace", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]


@admin.register(Team, Agent, Queue)
class DirectoryAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "workspace"]
    list_filter = ["workspace"]
    search_fields = ["name", "key"]
