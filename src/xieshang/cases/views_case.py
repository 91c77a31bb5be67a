"""Case pages: create, the case page (the eight steps and the ninth), edit, case-file import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xieshang.cases import services
from xieshang.cases.casefile_io import case_export_text, case_store_from_file
from xieshang.cases.forms import CaseForm, CaseImportForm
from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.casefile import parse_case_text
from xieshang.core.errors import XieshangError
from xieshang.language import current_lang


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.case_file is not None
        b = form.case_file.borrower
        case = services.case_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            borrower_name=b.name,
            monthly_income=b.monthly_income,
            monthly_essential_expenses=b.monthly_essential_expenses,
            dependents=b.dependents,
            hardships=b.hardships,
            as_of=form.case_file.as_of,
            own_contacts=form.cleaned_data["own_contacts"],
        )
        messages.success(request, _("Case created. Next: add your debts."))
        return redirect("case-detail", case_name=case.name)
    return render(request, "cases/case_form.html", {"form": form, "import_form": CaseImportForm()})


@with_case
def case_edit(request: HttpRequest, case: Case) -> HttpResponse:
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        assert form.case_file is not None
        from xieshang.core.casefile import case_file_to_data

        services.case_update(
            case=case,
            borrower=case_file_to_data(form.case_file)["borrower"],
            as_of=form.case_file.as_of,
            own_contacts=form.cleaned_data["own_contacts"],
        )
        messages.success(request, _("Saved."))
        return redirect("case-detail", case_name=case.name)
    return render(request, "cases/case_form.html", case_context(case, "edit", form=form))


def _import_text(request: HttpRequest, form: CaseImportForm) -> str | None:
    try:
        return form.text()
    except ValidationError as error:  # shown beside the file field
        form.add_error("file", error)
        return None


@login_required
@require_POST
def case_import(request: HttpRequest) -> HttpResponse:
    """A new case from an uploaded case file (TOML)."""
    form = CaseImportForm(request.POST, request.FILES)
    if form.is_valid():
        name = form.cleaned_data.get("name") or ""
        text = _import_text(request, form)
        try:
            services.case_name_free(name)
        except XieshangError as error:
            form.add_error("name", error.message(current_lang()))
            text = None
        if text is not None:
            try:
                case_file = parse_case_text(text)
            except XieshangError as error:
                form.add_error("file", error.message(current_lang()))
            else:
                case = case_store_from_file(owner=request.user, name=name, case_file=case_file)
                messages.success(request, _("Case file imported."))
                return redirect("case-detail", case_name=case.name)
    return render(request, "cases/case_form.html", {"form": CaseForm(), "import_form": form}, status=400)


@with_case
def case_replace(request: HttpRequest, case: Case) -> HttpResponse:
    """Replace this case's borrower, debts and payments with an uploaded case file."""
    form = CaseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = _import_text(request, form)
        if text is not None:
            try:
                case_file = parse_case_text(text)
            except XieshangError as error:
                form.add_error("file", error.message(current_lang()))
            else:
                case_store_from_file(owner=case.owner, name=case.name, case_file=case_file)
                messages.success(request, _("Case file imported."))
                return redirect("case-detail", case_name=case.name)
    return render(request, "cases/case_replace.html", case_context(case, "edit", import_form=form))


@with_case
def case_export(request: HttpRequest, case: Case) -> HttpResponse:
    response = HttpResponse(case_export_text(case), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.name}.toml"'
    return response
