"""Debt pages: add, edit, delete — validated by the case-file parser (see forms.DebtForm)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xieshang.cases import services
from xieshang.cases.forms import CardForm, DebtForm
from xieshang.cases.models import Case, Debt
from xieshang.cases.views_common import case_context, with_case


def _debt(case: Case, key: str) -> Debt:
    debt = case.debts.filter(key=key).first()
    if debt is None:
        raise Http404("debt not found")
    return debt


def _template(form: DebtForm) -> str:
    return "cases/card_form.html" if form.revolving else "cases/debt_form.html"


@with_case
def debt_new(request: HttpRequest, case: Case) -> HttpResponse:
    """A new loan, or with `?kind=card` a credit card entered from its bill."""
    card = request.GET.get("kind") == "card"
    form = (CardForm if card else DebtForm)(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        services.debt_save(case=case, debt_data=form.validated_debt())
        messages.success(request, _("Debt added. The assessment below is up to date."))
        return redirect("case-assessment", case_name=case.name)
    return render(request, _template(form), case_context(case, "debts", form=form, debt=None))


@with_case
def debt_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    debt = _debt(case, key)
    form = (CardForm if debt.is_revolving else DebtForm)(request.POST or None, case=case, instance=debt)
    if request.method == "POST" and form.is_valid():
        services.debt_save(case=case, debt_data=form.validated_debt(), debt=debt)
        messages.success(request, _("Saved."))
        return redirect("case-assessment", case_name=case.name)
    return render(request, _template(form), case_context(case, "debts", form=form, debt=debt))


@with_case
@require_POST
def debt_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    services.debt_delete(debt=_debt(case, key))
    messages.success(request, _("Debt removed."))
    return redirect("case-detail", case_name=case.name)
