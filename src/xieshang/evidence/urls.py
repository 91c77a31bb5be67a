"""Evidence pages of a case, mounted under /cases/<case_name>/ (URL names as before: case-evidence, …).
Every view checks access (another user's case is a 404)."""

from django.urls import path

from xieshang.evidence import views, views_recordings

urlpatterns = [
    path("evidence/", views.evidence, name="case-evidence"),
    path("evidence/upload/", views.evidence_upload, name="case-evidence-upload"),
    path("evidence/files/<int:file_id>/", views.evidence_original, name="case-evidence-file"),
    path("search/", views.search, name="case-search"),
    path("recordings/", views_recordings.recordings, name="case-recordings"),
    path("recordings/<int:record_id>/", views_recordings.recording, name="case-recording"),
    path("recordings/<int:record_id>/audio/", views_recordings.recording_audio, name="case-recording-audio"),
    path(
        "recordings/<int:record_id>/transcribe/",
        views_recordings.recording_transcribe,
        name="case-recording-transcribe",
    ),
    path(
        "transcripts/<int:transcript_id>/status/",
        views_recordings.transcript_status,
        name="case-transcript-status",
    ),
]
