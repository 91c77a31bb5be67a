from django.contrib import admin
from django.urls import include, path

from xieshang.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("xieshang.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
