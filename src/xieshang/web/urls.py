from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from xieshang.api.api import api
from xieshang.workbench import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("xieshang.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cases/", include("xieshang.cases.urls")),
    path("cases/<slug:case_name>/", include("xieshang.evidence.urls")),
    path("cases/<slug:case_name>/documents/", include("xieshang.documents.urls")),
    path("cases/<slug:case_name>/conduct/", include("xieshang.conduct.urls")),
    path("api/", api.urls),
]
if apps.is_installed("xieshang.negotiation"):  # the negotiation record's pages of a case
    urlpatterns.append(path("cases/<slug:case_name>/", include("xieshang.negotiation.urls")))
