"""A role beside Django's user, and the counters of failed logins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BORROWER = "borrower", _("borrower")
    COUNSELOR = "counselor", _("debt counselor")


class Organisation(models.Model):
    """A counseling organisation (a legal-aid office, a debt-advice charity). A counselor belongs to one;
    its administrators bring their own counselors into the cases one of them was assigned to."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A borrower sees their own cases; a counselor sees the cases they are assigned to (Case.counselors).

    `share_code` is what a counselor gives a borrower so that the borrower can assign them (an owner never
    types a user name: nobody can probe which user names are counselors)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.BORROWER)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    is_org_admin = models.BooleanField(_("organisation administrator"), default=False)
    share_code = models.CharField(_("counselor code"), max_length=32, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class AccountEvent(models.Model):
    """Attempts counted for throttling (registration, password-reset requests, refused case names)."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=150)  # an address, or a user id
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"], name="account_event_lookup")]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")


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
