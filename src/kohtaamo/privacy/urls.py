from django.urls import path

from . import views

urlpatterns = [
    path("customers/<int:customer_id>/export/", views.customer_export_download, name="privacy-customer-export"),
    path("audit/", views.audit_page, name="privacy-audit"),
    path("settings/", views.privacy_settings, name="privacy-settings"),
    path("customers/<int:customer_id>/erase/", views.customer_erase_confirm, name="privacy-customer-erase"),
]
