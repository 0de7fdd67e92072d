from django.contrib import admin

from .models import Case, Customer, CustomerIdentity, CustomerMerge, Interaction


class IdentityInline(admin.TabularInline):
    model = CustomerIdentity
    extra = 0
    fields = ["kind", "value", "shared"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workspace", "language", "postal_code", "merged_into"]
    list_filter = ["workspace", "language"]
    search_fields = ["name", "identities__value"]
    inlines = [IdentityInline]
    raw_id_fields = ["merged_into"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["external_id", "source", "channel", "started_at", "customer", "contact_reason", "is_repeat"]
    list_filter = ["workspace", "channel", "is_repeat"]
    search_fields = ["external_id"]
    raw_id_fields = ["customer", "case", "agent", "queue", "team"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workspace", "customer", "contact_reason", "status", "last_contact_at"]
    list_filter = ["workspace", "status"]
    raw_id_fields = ["customer"]


@admin.register(CustomerMerge)
class CustomerMergeAdmin(admin.ModelAdmin):
    list_display = ["survivor", "merged", "reason", "created_at", "undone_at"]
    raw_id_fields = ["survivor", "merged"]
