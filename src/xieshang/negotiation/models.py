"""The negotiation record: what was said to whom and when, what was offered, what was agreed and paid.

Writes go through `services.py`; reads for other apps through `selectors.py`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xieshang.cases.models import Case, Debt, Payment, money_field, rate_field
from xieshang.evidence.models import EvidenceFile, EvidenceRecord


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    APP = "app", _("app / online service")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    WECHAT = "wechat", _("WeChat")
    IN_PERSON = "in_person", _("in person")
    LETTER = "letter", _("letter")


class Party(models.TextChoices):
    BORROWER = "borrower", _("borrower")
    LENDER = "lender", _("lender")


class TermsKind(models.TextChoices):
    INSTALLMENTS = "installments", _("instalments (分期)")
    WAIVER = "waiver", _("waiver of penalties/fees (减免)")
    EXTENSION = "extension", _("extension (延期)")
    SETTLEMENT = "settlement", _("one-off settlement (一次性结清)")
    OTHER = "other", _("other")


class AgreedMethod(models.TextChoices):
    """How agreed instalments are computed (the case file's `[[debts.agreements]].method`)."""

    EQUAL_INSTALLMENT = "equal_installment", _("equal instalments (等额本息)")
    EQUAL_PRINCIPAL = "equal_principal", _("equal principal (等额本金)")
    INTEREST_FIRST = "interest_first", _("interest first (先息后本)")
    FEE_INSTALLMENT = "fee_installment", _("equal principal and fee (等本等费)")


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of a stored choice in the active language, or the value itself when it is none of them: what
    Django's get_FOO_display gives, without hashing every (lazy) label of the field on each call — the contact
    log shows two per contact."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Contact(models.Model):
    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("I contacted them")
        INCOMING = "incoming", _("they contacted me")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    debt = models.ForeignKey(
        Debt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("debt"),
    )
    lender = models.CharField(_("lender"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTGOING
    )
    occurred_at = models.DateTimeField(_("time"))
    person = models.CharField(_("lender's person"), max_length=100, blank=True)
    staff_number = models.CharField(_("staff number (工号)"), max_length=40, blank=True)
    said = models.TextField(_("what was said"))
    promise = models.TextField(_("what was promised"), blank=True)
    promise_by = models.CharField(_("promised by"), max_length=10, choices=Party.choices, blank=True)
    promise_due = models.DateField(_("promised by date"), null=True, blank=True)
    follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    evidence_records = models.ManyToManyField(
        EvidenceRecord, blank=True, related_name="contacts", verbose_name=_("evidence records")
    )
    evidence_files = models.ManyToManyField(
        EvidenceFile, blank=True, related_name="contacts", verbose_name=_("evidence files")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.lender_name} ({self.channel})"

    @property
    def lender_name(self) -> str:
        return self.debt.lender if self.debt_id and self.debt else self.lender

    def get_channel_display(self) -> str:  # type: ignore[no-redef]  # Django's, made cheaper
        return choice_label(Channel, self.channel)

    def get_direction_display(self) -> str:  # type: ignore[no-redef]  # Django's, made cheaper
        return choice_label(self.Direction, self.direction)

    def get_promise_by_display(self) -> str:  # type: ignore[no-redef]  # Django's, made cheaper
        return choice_label(Party, self.promise_by)


class Offer(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        COUNTERED = "countered", _("countered")
        EXPIRED = "expired", _("expired")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offers")
    debt = models.ForeignKey(
        Debt, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers", verbose_name=_("debt")
    )
    responds_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counter_offers",
        verbose_name=_("counter-offer to"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("made during contact"),
    )
    lender = models.CharField(_("lender"), max_length=100, blank=True)
    proposed_by = models.CharField(_("proposed by"), max_length=10, choices=Party.choices)
    proposed_on = models.DateField(_("proposed on"))
    kind = models.CharField(_("kind"), max_length=14, choices=TermsKind.choices)
    amount = money_field(_("amount to repay"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    annual_rate = rate_field(_("annual rate"), null=True, blank=True)
    monthly_payment = money_field(_("monthly payment"), null=True, blank=True)
    total_payable = money_field(_("total payable"), null=True, blank=True)
    waived_amount = money_field(_("amount waived"), null=True, blank=True)
    first_due_date = models.DateField(_("first payment due"), null=True, blank=True)
    terms = models.TextField(_("terms in words"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.proposed_on} {self.proposed_by} {self.kind} ({self.status})"

    @property
    def lender_name(self) -> str:
        return self.debt.lender if self.debt_id and self.debt else self.lender

    def status_on(self, today: date) -> str:
        """The status as of `today`: an open offer past its validity is expired."""
        if self.status == self.Status.PROPOSED and self.valid_until is not None and self.valid_until < today:
            return self.Status.EXPIRED
        return str(self.status)


class Agreement(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    debt = models.ForeignKey(
        Debt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("debt"),
    )
    lender = models.CharField(_("lender"), max_length=100, blank=True)
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("accepted offer"),
    )
    agreed_on = models.DateField(_("agreed on"))
    kind = models.CharField(_("kind"), max_length=14, choices=TermsKind.choices)
    amount = money_field(_("amount to repay"))
    months = models.PositiveSmallIntegerField(_("number of payments"), default=1)
    annual_rate = rate_field(_("annual rate"), default=Decimal("0"))
    first_due_date = models.DateField(_("first payment due"))
    method = models.CharField(
        _("how instalments are computed"),
        max_length=20,
        choices=AgreedMethod.choices,
        default=AgreedMethod.EQUAL_INSTALLMENT,
    )
    penalty_annual_rate = rate_field(_("penalty annual rate on a missed payment"), default=Decimal("0"))
    breaks_after_days = models.PositiveIntegerField(
        _("agreement breaks after days late (0 = never)"), default=0
    )
    waived_amount = money_field(_("amount waived"), null=True, blank=True)
    terms = models.TextField(_("terms in words"), blank=True)
    confirmation_note = models.CharField(
        _("written confirmation"),
        max_length=300,
        blank=True,
        help_text=_("Where the lender confirmed it in writing, e.g. an SMS from 95xxx on 12 May."),
    )
    confirmation_file = models.ForeignKey(
        EvidenceFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_agreements",
        verbose_name=_("written confirmation (file)"),
    )
    confirmation_record = models.ForeignKey(
        EvidenceRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_agreements",
        verbose_name=_("written confirmation (message)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.agreed_on} {self.lender_name} {self.amount}"

    @property
    def lender_name(self) -> str:
        return self.debt.lender if self.debt_id and self.debt else self.lender

    @property
    def engine_kind(self) -> str:
        """The case file's kind: one payment of a settlement, a waiver or other terms is a `settlement`;
        anything paid in several payments (or called instalments / an extension) is `installments`."""
        if self.months == 1 and self.kind in (TermsKind.SETTLEMENT, TermsKind.WAIVER, TermsKind.OTHER):
            return "settlement"
        return "installments"


class AgreedPayment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="payments")
    n = models.PositiveSmallIntegerField(_("no."))
    due_date = models.DateField(_("due date"))
    principal = money_field(_("principal"))
    interest = money_field(_("interest"))
    amount = money_field(_("amount due"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = money_field(_("amount paid"), null=True, blank=True)
    proof_note = models.CharField(_("proof"), max_length=300, blank=True)
    proof_file = models.ForeignKey(
        EvidenceFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_payments",
        verbose_name=_("proof (file)"),
    )
    debt_payment = models.OneToOneField(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreed_payment"
    )

    class Meta:
        ordering = ["agreement", "n"]
        constraints = [models.UniqueConstraint(fields=["agreement", "n"], name="agreed_payment_n_unique")]
        verbose_name = _("agreed payment")
        verbose_name_plural = _("agreed payments")

    def __str__(self) -> str:
        return f"#{self.n} {self.due_date} {self.amount}"

    @property
    def paid_in_full(self) -> bool:
        return self.paid_amount is not None and self.paid_amount >= self.amount


class ChecklistTick(models.Model):
    """A checklist document marked as obtained by hand (when it is not among the imported evidence)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist_ticks")
    doc_key = models.CharField(_("document"), max_length=60)
    note = models.CharField(_("note"), max_length=200, blank=True)
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "doc_key"]
        constraints = [models.UniqueConstraint(fields=["case", "doc_key"], name="checklist_tick_unique")]
        verbose_name = _("checklist item obtained")
        verbose_name_plural = _("checklist items obtained")

    def __str__(self) -> str:
        return self.doc_key
