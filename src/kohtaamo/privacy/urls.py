from django.urls import path

from . import views

urlpatterns = [
    path("customers/<int:customer_id>/export/", views.customer_export_download, name="privacy-customer-export"),
    path("customers/<int:customer_id>/erase/", views.customer_erase_confirm, name="privacy-customer-erase"),
]
