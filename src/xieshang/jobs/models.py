"""A background job as a person sees it: what, for which case, how far, and how it ended."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    # A failure in plain words, in both languages (an XieshangError's messages).
    error_zh = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(default=0)
    step_zh = models.CharField(max_length=200, blank=True)
    step_en = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    worker = models.CharField(max_length=200, blank=True)  # "host:pid" of the worker running it
    task_id = models.CharField(max_length=64, blank=True)  # the engine's task result id of the last attempt
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="jobs_status_heartbeat"),
            models.Index(fields=["case", "-created_at"], name="jobs_case_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if self.progress_total <= 0:
            return None
        return max(0, min(100, int(self.progress_done * 100 / self.progress_total)))

    def error(self, lang: str) -> str:
        return self.error_en if lang.startswith("en") else self.error_zh

    def step(self, lang: str) -> str:
        return self.step_en if lang.startswith("en") else self.step_zh
