"""Publications in the admin site: the secretariat reads; the publication page writes."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.public.models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyModelAdmin):
    list_display = ["mechanism", "dataset", "plan", "published_by", "published_at"]
    list_filter = ["dataset"]
