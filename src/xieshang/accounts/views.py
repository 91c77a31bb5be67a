from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from xieshang.accounts.forms import RegistrationForm, ThrottledAuthenticationForm
from xieshang.accounts.services import account_register


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@sensitive_post_parameters("password1", "password2")
def register(request: HttpRequest) -> HttpResponse:
    if not getattr(settings, "XIESHANG_REGISTRATION_OPEN", True):
        raise Http404("registration closed")
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = account_register(
            username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
        )
        login(request, user, backend="xieshang.accounts.backends.ThrottledModelBackend")
        messages.success(request, _("Welcome. Start by creating your case."))
        return redirect("home")
    return render(request, "accounts/register.html", {"form": form})
