"""A role beside Django's user, and the counters of failed logins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BORROWER = "borrower", _("borrower")
    COUNSELOR = "counselor", _("debt counselor")


class Profile(models.Model):
    """A borrower sees their own cases; a counselor sees the cases they are assigned to (Case.counselors)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.BORROWER)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class LoginFailure(models.Model):
    """Failed logins of one user name from one address; a lock after too many (see throttle.py)."""

    username = models.CharField(_("user name"), max_length=150)
    ip = models.CharField(_("address"), max_length=64)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="login_failure_unique")]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip}: {self.failures}"
