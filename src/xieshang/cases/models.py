"""A case is one borrower's situation; its debts mirror the case file (see spec case-file.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """Money: exact decimal, two places (fen)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def rate_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """A rate as a fraction (0.18 = 18 %), eight places."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=8, **kwargs)


class Case(models.Model):
    name = models.SlugField(_("case name"), max_length=80, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("owner"),
    )
    counselors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cases", verbose_name=_("counselors")
    )
    borrower_name = models.CharField(_("borrower"), max_length=100)
    monthly_income = money_field(_("monthly income"))
    monthly_essential_expenses = money_field(_("monthly essential expenses"))
    dependents = models.PositiveSmallIntegerField(_("dependents"), null=True, blank=True)
    hardships = models.JSONField(_("hardships"), default=list, blank=True)
    as_of = models.DateField(_("evaluation date"), null=True, blank=True)
    # The optional [budget] section of the case file (income & expenditure by category), as given.
    budget = models.JSONField(_("budget"), default=dict, blank=True)
    # The borrower's own phone numbers, e-mail addresses, QQ numbers and WeChat ids, normalised
    # (`cases.own_contacts`). Not part of the case file; personal data: never logged.
    own_contacts = models.JSONField(_("own numbers and addresses"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.name


class Debt(models.Model):
    class LenderType(models.TextChoices):
        BANK = "bank", _("bank")
        CREDIT_CARD = "credit_card", _("credit card")
        CONSUMER_FINANCE = "consumer_finance", _("consumer finance company")
        MICROLOAN = "microloan", _("small-loan company")
        ONLINE_LENDER = "online_lender", _("online lender")
        PRIVATE = "private", _("private lender")

    class Method(models.TextChoices):
        EQUAL_INSTALLMENT = "equal_installment", _("equal instalments (等额本息)")
        EQUAL_PRINCIPAL = "equal_principal", _("equal principal (等额本金)")
        INTEREST_FIRST = "interest_first", _("interest first (先息后本)")
        BULLET = "bullet", _("bullet (到期还本付息)")
        FEE_INSTALLMENT = "fee_installment", _("equal principal and fee (等本等费)")
        REVOLVING = "revolving", _("credit card, revolving (信用卡)")

    class PenaltyBase(models.TextChoices):
        INSTALLMENT = "installment", _("overdue instalment")
        PRINCIPAL = "principal", _("overdue principal")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="debts")
    key = models.CharField(_("debt id"), max_length=64)  # the case file's `id`
    position = models.PositiveIntegerField(default=0)
    lender = models.CharField(_("lender"), max_length=100)
    lender_type = models.CharField(_("lender type"), max_length=20, choices=LenderType.choices)
    principal = money_field(_("principal"), null=True, blank=True)  # None for a revolving card
    annual_rate = rate_field(_("annual rate"), null=True, blank=True)
    daily_rate = rate_field(_("daily rate"), null=True, blank=True)
    day_basis = models.PositiveSmallIntegerField(_("day basis"), default=360)
    method = models.CharField(_("repayment method"), max_length=20, choices=Method.choices)
    term_months = models.PositiveIntegerField(_("term (months)"), null=True, blank=True)
    term_days = models.PositiveIntegerField(_("term (days)"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)  # None for a revolving card
    upfront_fee = money_field(_("upfront fee"), default=Decimal("0"))
    fee_per_installment = money_field(_("fee per instalment"), default=Decimal("0"))
    grace_days = models.PositiveIntegerField(_("grace days"), default=0)
    penalty_multiplier = rate_field(_("penalty multiplier"), null=True, blank=True)
    penalty_annual_rate = rate_field(_("penalty annual rate"), null=True, blank=True)
    penalty_base = models.CharField(
        _("penalty base"), max_length=20, choices=PenaltyBase.choices, default=PenaltyBase.INSTALLMENT
    )
    late_fee_fixed = money_field(_("late fee (fixed)"), default=Decimal("0"))
    late_fee_percent = rate_field(_("late fee (share of instalment)"), default=Decimal("0"))
    acceleration_after_days = models.PositiveIntegerField(_("acceleration after days"), default=0)
    # A revolving card (method = "revolving"): one statement the borrower has; None for a loan.
    statement_date = models.DateField(_("statement date (账单日)"), null=True, blank=True)
    statement_balance = money_field(_("statement balance (本期应还金额)"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(_("days from statement to due date"), null=True, blank=True)
    min_payment_percent = rate_field(_("minimum payment (share of principal)"), null=True, blank=True)
    late_fee_min = money_field(_("least late fee (违约金)"), null=True, blank=True)

    class Meta:
        ordering = ["case", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="debt_key_unique_in_case")]
        verbose_name = _("debt")
        verbose_name_plural = _("debts")

    def __str__(self) -> str:
        return f"{self.lender} ({self.key})"

    @property
    def is_revolving(self) -> bool:
        return self.method == self.Method.REVOLVING

    @property
    def first_day(self) -> Any:
        """The day payments must come after: the start date of a loan, the statement date of a card."""
        return self.statement_date if self.is_revolving else self.start_date


class Payment(models.Model):
    debt = models.ForeignKey(Debt, on_delete=models.CASCADE, related_name="payments")
    date = models.DateField(_("date"))
    amount = money_field(_("amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["debt", "date", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"


class CaseChange(models.Model):
    """One row written by the database itself (triggers, `cases.changes`) for each row of a case's data that is
    inserted, changed or deleted: a case's number of rows here is its revision, which only ever grows, so a
    page rendered for one revision is never shown for data written later. No foreign key: a case's data may
    be deleted with the case, and the rows its deletion writes must not stop it."""

    case_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("case change")
        verbose_name_plural = _("case changes")
