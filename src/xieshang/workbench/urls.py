"""The overview of a case, mounted under /cases/<case_name>/ (after cases.urls, whose /cases/new/ and
/cases/import/ come first)."""

from django.urls import path

from xieshang.workbench import views

urlpatterns = [
    path("", views.case_detail, name="case-detail"),
]
