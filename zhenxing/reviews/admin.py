"""Reviews in the admin site: read-only (changes go through the pages and services, so that
notifications and the links to tasks follow)."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.reviews.models import Opinion, Review, UpwardItem


@admin.register(Review)
class ReviewAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "subject", "meeting", "meeting_on", "status"]
    list_filter = ["status", "subject"]
    search_fields = ["title", "meeting"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyModelAdmin):
    list_display = ["review", "member", "given_at", "task"]


@admin.register(UpwardItem)
class UpwardItemAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "source", "occurred_on", "mechanism"]
    list_filter = ["source"]
