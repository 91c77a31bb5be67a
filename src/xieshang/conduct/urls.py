"""/cases/<case_name>/conduct/ (included from xieshang.web.urls)."""

from django.urls import path

from xieshang.conduct import views

app_name = "conduct"
urlpatterns = [
    path("", views.report, name="report"),
    path("tag/", views.tag, name="tag"),
]
