from django.urls import path

from xieshang.jobs import views

urlpatterns = [
    path("<uuid:job_id>/", views.job_page, name="job"),
    path("<uuid:job_id>/status/", views.job_status, name="job-status"),
    path("<uuid:job_id>/download/", views.job_download, name="job-download"),
]
