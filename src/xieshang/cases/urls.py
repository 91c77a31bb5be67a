"""Case pages under /cases/. Every view taking `case_name` checks access (another user's case is a 404)."""

from django.urls import path

from xieshang.cases import (
    views_budget,
    views_case,
    views_debts,
    views_figures,
    views_sharing,
)

urlpatterns = [
    path("new/", views_case.case_new, name="case-new"),
    path("import/", views_case.case_import, name="case-import"),
    path("<slug:case_name>/edit/", views_case.case_edit, name="case-edit"),
    path("<slug:case_name>/export.toml", views_case.case_export, name="case-export"),
    path("<slug:case_name>/replace/", views_case.case_replace, name="case-replace"),
    path("<slug:case_name>/debts/new/", views_debts.debt_new, name="debt-new"),
    path("<slug:case_name>/debts/<str:key>/", views_debts.debt_edit, name="debt-edit"),
    path("<slug:case_name>/debts/<str:key>/delete/", views_debts.debt_delete, name="debt-delete"),
    path("<slug:case_name>/assessment/", views_figures.assessment, name="case-assessment"),
    path("<slug:case_name>/plans/", views_figures.plans, name="case-plans"),
    path("<slug:case_name>/budget/", views_budget.budget, name="case-budget"),
    path("<slug:case_name>/sharing/", views_sharing.sharing, name="case-sharing"),
]
