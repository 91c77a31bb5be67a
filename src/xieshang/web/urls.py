"""The project's URLs: each room mounts its own pages (a case's under /cases/<case_name>/)."""

from django.contrib import admin
from django.urls import include, path

from xieshang.api.api import api
from xieshang.workbench import pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", pwa.service_worker, name="pwa-service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="pwa-manifest"),
    path("offline/", pwa.offline, name="pwa-offline"),
    path("accounts/", include("xieshang.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cases/", include("xieshang.cases.urls")),
    path("jobs/", include("xieshang.jobs.urls")),
    path("cases/<slug:case_name>/", include("xieshang.workbench.urls")),
    path("cases/<slug:case_name>/", include("xieshang.evidence.urls")),
    path("cases/<slug:case_name>/documents/", include("xieshang.documents.urls")),
    path("cases/<slug:case_name>/conduct/", include("xieshang.conduct.urls")),
    path("cases/<slug:case_name>/", include("xieshang.negotiation.urls")),  # the negotiation record
    path("api/", api.urls),
]
