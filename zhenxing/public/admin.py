"""Publications and suggestions in the admin site: read only; the public pages write."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.public.models import Publication, Suggestion


@admin.register(Publication)
class PublicationAdmin(ReadOnlyModelAdmin):
    list_display = ["mechanism", "dataset", "plan", "published_by", "published_at"]
    list_filter = ["dataset"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyModelAdmin):
    list_display = ["receipt_number", "mechanism", "category", "status", "responsible_unit"]
    list_filter = ["status", "category"]
    search_fields = ["receipt_number"]
