from django.contrib import admin
from django.urls import include, path

from zhenxing import views
from zhenxing.api import api
from zhenxing.public.api import open_api

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("zhenxing.orgs.account_urls")),
    path("security/", include("zhenxing.security.urls")),
    path("units/", include("zhenxing.orgs.urls")),
    path("mechanisms/", include("zhenxing.mechanisms.urls")),
    path("policies/", include("zhenxing.policies.urls")),
    path("projects/", include("zhenxing.projects.urls")),
    path("audit/", include("zhenxing.audit.urls")),
    path("reports/", include("zhenxing.reports.urls")),
    path("rounds/", include("zhenxing.rounds.urls")),
    path("notifications/", include("zhenxing.notifications.urls")),
    path("coordination/", include("zhenxing.coordination.urls")),
    path("reviews/", include("zhenxing.reviews.urls")),
    path("inspections/", include("zhenxing.inspections.urls")),
    path("enterprises/", include("zhenxing.enterprises.urls")),
    path("indicators/", include("zhenxing.indicators.urls")),
    path("programmes/", include("zhenxing.programmes.urls")),
    path("pairings/", include("zhenxing.pairings.urls")),
    path("funds/", include("zhenxing.funds.urls")),
    path("pilots/", include("zhenxing.pilots.urls")),
    path("specialplans/", include("zhenxing.specialplans.urls")),
    path("transformations/", include("zhenxing.transformations.urls")),
    # The open API has its own NinjaAPI, OpenAPI document and URL namespace (open_api).
    path("open/api/", open_api.urls),
    path("open/", include("zhenxing.public.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", include("zhenxing.operations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
