"""The page "Who can see this case": the owner, the assigned counselors; assigning and removing them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xieshang.accounts.organisations import organisation_of
from xieshang.cases.models import Case
from xieshang.cases.services_sharing import (
    can_assign,
    can_remove,
    case_counselor_assign,
    case_counselor_remove,
    colleagues_to_bring,
)
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.errors import XieshangError
from xieshang.language import current_lang


@with_case
def sharing(request: HttpRequest, case: Case) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assign":
                added = case_counselor_assign(
                    case=case,
                    by=user,
                    code=request.POST.get("code", ""),
                    username=request.POST.get("username", ""),
                )
                messages.success(
                    request, _("%(name)s can now see and work on this case.") % {"name": added.get_username()}
                )
            elif action == "remove":
                try:
                    pk = int(request.POST.get("user", ""))
                except ValueError as exc:
                    raise Http404("no such counselor") from exc
                counselor = case.counselors.filter(pk=pk).first()
                if counselor is None:
                    raise Http404("no such counselor")
                case_counselor_remove(case=case, by=user, counselor=counselor)
                if counselor.pk == user.pk:
                    messages.success(request, _("You no longer work on this case."))
                    return redirect("home")
                messages.success(
                    request, _("%(name)s can no longer see this case.") % {"name": counselor.get_username()}
                )
        except XieshangError as error:
            messages.error(request, error.message(current_lang()))
        return redirect("case-sharing", case_name=case.name)
    counselors = [
        (c, can_remove(case, user, c), organisation_of(c)) for c in case.counselors.order_by("username")
    ]
    is_owner = bool(user.is_staff or case.owner_id == user.pk)
    return render(
        request,
        "cases/sharing.html",
        case_context(
            case,
            "sharing",
            counselors=counselors,
            may_assign=can_assign(case, user),
            is_owner=is_owner,
            colleagues=colleagues_to_bring(case, user),
        ),
    )
