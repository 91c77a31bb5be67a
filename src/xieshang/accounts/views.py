from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from xieshang.accounts.forms import RegistrationForm, ThrottledAuthenticationForm
from xieshang.accounts.organisations import colleagues, counselor_code, is_org_admin, organisation_of
from xieshang.accounts.rate import rate_take
from xieshang.accounts.services import account_register, is_counselor
from xieshang.accounts.throttle import client_ip

HOUR = timedelta(hours=1)


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/too_many.html",
        {"message": _("Too many attempts from your address. Please wait an hour, then try again.")},
        status=429,
    )


@sensitive_post_parameters("password1", "password2")
def register(request: HttpRequest) -> HttpResponse:
    if not getattr(settings, "XIESHANG_REGISTRATION_OPEN", True):
        raise Http404("registration closed")
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and not rate_take(
        kind="register",
        key=client_ip(request),
        limit=int(settings.XIESHANG_REGISTRATIONS_PER_HOUR),
        window=HOUR,
    ):
        return _too_many(request)  # every attempt counts, refused or not: probing names is capped too
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = account_register(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email") or "",
        )
        login(request, user, backend="xieshang.accounts.backends.ThrottledModelBackend")
        messages.success(request, _("Welcome. Start by creating your case."))
        return redirect("home")
    return render(request, "accounts/register.html", {"form": form})


def email_configured() -> bool:
    return bool(getattr(settings, "XIESHANG_EMAIL_CONFIGURED", False))


def _resettable(admin: Any) -> list[Any]:
    """Whose password an organisation administrator may reset: the counselors of their organisation and the
    owners of the cases they are assigned to themselves (never staff)."""
    if not is_org_admin(admin):
        return []
    owners = get_user_model().objects.filter(owned_cases__counselors=admin, is_active=True).distinct()
    people = {u.pk: u for u in [*colleagues(admin), *owners] if not u.is_staff and u.pk != admin.pk}
    return sorted(people.values(), key=lambda u: u.get_username())


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """My account: role, organisation, counselor code, password; an organisation administrator's resets."""
    user = request.user
    counselor = is_counselor(user)
    if request.method == "POST" and counselor and request.POST.get("action") == "renew-code":
        counselor_code(user, renew=True)
        messages.success(request, _("Your counselor code was renewed; the old one no longer works."))
        return redirect("account")
    return render(
        request,
        "accounts/account.html",
        {
            "counselor": counselor,
            "organisation": organisation_of(user),
            "code": counselor_code(user) if counselor else "",
            "org_admin": is_org_admin(user),
            "resettable": _resettable(user),
            "email_configured": email_configured(),
        },
    )


@login_required
@require_POST
def reset_link(request: HttpRequest) -> HttpResponse:
    """An organisation administrator makes a one-time password-reset link for one of `_resettable`; they
    hand it over in person. It stops working once used (Django's token includes the password hash)."""
    try:
        pk = int(request.POST.get("user", ""))
    except ValueError as exc:
        raise Http404("no such user") from exc
    person = next((u for u in _resettable(request.user) if u.pk == pk), None)
    if person is None:
        raise Http404("no such user")
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return render(
        request,
        "accounts/reset_link.html",
        {"person": person, "link": request.build_absolute_uri(path)},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """By e-mail, only where e-mail is configured. The answer is the same whether or not the address is
    known; the requests of one address are throttled."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not email_configured():
            raise Http404("no e-mail configured")
        if request.method == "POST" and not rate_take(
            kind="reset",
            key=client_ip(request),
            limit=int(settings.XIESHANG_REGISTRATIONS_PER_HOUR),
            window=HOUR,
        ):
            return _too_many(request)
        return super().dispatch(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_done.html"
