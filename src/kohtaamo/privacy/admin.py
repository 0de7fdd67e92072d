"""The audit trail in the Django admin: read-only (no add, change or delete), like everywhere else."""

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent, Erasure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "workspace", "actor_label", "action", "object_type", "object_id", "client_address"]
    list_filter = ["workspace", "action"]


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "workspace", "customer_id", "erased_by_label"]
    list_filter = ["workspace"]
