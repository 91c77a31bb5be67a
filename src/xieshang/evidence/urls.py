"""Evidence pages of a case, mounted under /cases/<case_name>/ (URL names as before: case-evidence, …).
Every view checks access (another user's case is a 404)."""

from django.urls import path

from xieshang.evidence import views

urlpatterns = [
    path("evidence/", views.evidence, name="case-evidence"),
    path("evidence/upload/", views.evidence_upload, name="case-evidence-upload"),
    path("evidence/files/<int:file_id>/", views.evidence_original, name="case-evidence-file"),
    path("search/", views.search, name="case-search"),
]
