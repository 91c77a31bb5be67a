from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from xieshang.accounts.throttle import client_ip, login_locked_until


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form; a locked user name + address gets a plain message saying how long to wait."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": ngettext_lazy(
            "Too many failed attempts. Please wait %(minutes)s minute, then try again.",
            "Too many failed attempts. Please wait %(minutes)s minutes, then try again.",
            "minutes",
        ),
    }

    locked = False

    def clean(self) -> dict[str, Any]:
        until = login_locked_until(username=self.data.get("username"), ip=client_ip(self.request))
        if until is not None:
            self.locked = True
            minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        return super().clean()


RESERVED_NAMES = frozenset({"demo", "local", "admin", "administrator", "root", "staff", "system", "xieshang"})
NAME_REFUSED = _("This user name cannot be used. Please choose another one.")


class RegistrationForm(UserCreationForm):  # type: ignore[type-arg]
    """Self-registration of a borrower (counselors are created by staff in the admin).

    A name taken by someone else gets the same answer as a reserved one, never "already exists"; and the
    sign-ups of one address are throttled (accounts.views.register), which caps any probing."""

    email = forms.EmailField(
        label=_("E-mail (optional, for resetting a forgotten password)"), required=False, max_length=254
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
        error_messages = {"username": {"unique": NAME_REFUSED}}

    def clean_username(self) -> str:
        name = str(self.cleaned_data.get("username") or "")
        if name.lower() in RESERVED_NAMES or get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(NAME_REFUSED, code="refused")
        return name
