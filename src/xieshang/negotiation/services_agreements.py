"""Writes to the negotiation record — its agreements: an agreement recorded (checked by the case-file
parser as part of the debt's case file), its written confirmation, each agreed payment marked paid or not.

The rest of the record (contacts, offers, the checklist) is in `negotiation.services`, which re-exports
these. Writes to the negotiation record (the web pages, the API, the CLI and the admin share them).

Keyword-only, typed, each under `transaction.atomic`; bad input raises `InputError` (bilingual) and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from xieshang.cases.models import Case, Debt, Payment
from xieshang.core.dates import add_months
from xieshang.core.errors import InputError
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.negotiation.checks import _choice, _debt_of, _fields_of, _positive, _same_case
from xieshang.negotiation.ledger_notes import negotiation_noted
from xieshang.negotiation.models import (
    AgreedMethod,
    AgreedPayment,
    Agreement,
    Offer,
    TermsKind,
)
from xieshang.negotiation.schedule import AgreedInstallment, agreement_schedule

AGREEMENT_NOTED = (
    "debt",
    "lender",
    "offer",
    "agreed_on",
    "kind",
    "amount",
    "months",
    "annual_rate",
    "first_due_date",
    "method",
    "penalty_annual_rate",
    "breaks_after_days",
    "waived_amount",
    "terms",
)


def _check_in_case_file(case: Case, debt: Debt, agreement: Agreement) -> None:
    """An agreement about one of the case's debts is part of its case file: the core parser judges it with
    the debt's other agreements, exactly as it would in a case file on disk (`debts[0].agreements[1].due: …`)."""
    from xieshang.cases.casefile_io import case_data_for_case
    from xieshang.core.casefile import parse_case_data
    from xieshang.negotiation.casefile import agreement_data

    data = case_data_for_case(case)
    for item in data["debts"]:
        if item["id"] == debt.key:
            others = [agreement_data(a) for a in debt.agreements.exclude(pk=agreement.pk)]
            item["agreements"] = sorted([*others, agreement_data(agreement)], key=lambda a: a["date"])
    parse_case_data(data)


def _check_engine_terms(
    debt: Debt | None, agreed_on: date, first_due_date: date, penalty_annual_rate: Decimal, breaks_after: int
) -> None:
    if penalty_annual_rate < 0 or penalty_annual_rate > 10:
        raise InputError(
            "罚息年利率必须在 0 到 1000% 之间", "the penalty annual rate must be between 0 and 1000 %"
        )
    if breaks_after < 0:
        raise InputError("失效天数不能为负", "the days before the agreement breaks cannot be negative")
    if debt is not None and first_due_date <= agreed_on:
        raise InputError(
            "首期还款日必须晚于协议日期（协议当天的还款仍计入协议前的欠款）",
            "the first payment must be due after the agreement's date "
            "(a payment on that day still counts toward what was owed before it)",
        )


@transaction.atomic
def agreement_record(
    *,
    case: Case,
    agreed_on: date,
    kind: str,
    amount: Decimal,
    first_due_date: date,
    months: int = 1,
    annual_rate: Decimal = Decimal("0"),
    method: str = "equal_installment",
    penalty_annual_rate: Decimal = Decimal("0"),
    breaks_after_days: int = 0,
    debt: Debt | None = None,
    lender: str = "",
    offer: Offer | None = None,
    waived_amount: Decimal | None = None,
    terms: str = "",
    confirmation_note: str = "",
    confirmation_file: EvidenceFile | None = None,
    confirmation_record: EvidenceRecord | None = None,
) -> Agreement:
    """Record an agreement and generate its payment schedule; an open offer it comes from is accepted.

    An agreement about one of the case's debts becomes that debt's `[[debts.agreements]]` in the case file:
    from its date the engine (dashboard, case page, steps, letters, plans) follows the agreed schedule.
    """
    _choice(kind, TermsKind, "kind")
    _choice(method, AgreedMethod, "method")
    _positive(waived_amount, "减免金额", "the waived amount")
    if first_due_date < agreed_on:
        raise InputError("首期还款日不能早于协议日期", "the first payment cannot be due before the agreement")
    if offer is not None:
        if offer.case_id != case.pk:
            raise InputError("该方案不属于这个案件", "that offer belongs to another case")
        if offer.status in (Offer.Status.REJECTED, Offer.Status.COUNTERED):
            raise InputError(
                "已被拒绝或还价的方案不能成为协议", "a rejected or countered offer cannot be agreed"
            )
        debt = debt or offer.debt
    _debt_of(case, debt)
    _same_case(case, [confirmation_file, confirmation_record])
    if debt is None and not lender.strip():
        raise InputError("请选择债务或填写平台名称", "choose a debt or name the lender")
    _check_engine_terms(debt, agreed_on, first_due_date, penalty_annual_rate, breaks_after_days)
    if offer is not None and offer.status == Offer.Status.PROPOSED:
        offer.status = Offer.Status.ACCEPTED
        offer.decided_on = agreed_on
        offer.save(update_fields=["status", "decided_on"])
    agreement = Agreement(
        case=case,
        debt=debt,
        lender=lender.strip(),
        offer=offer,
        agreed_on=agreed_on,
        kind=kind,
        amount=amount,
        months=months,
        annual_rate=annual_rate,
        method=method,
        penalty_annual_rate=penalty_annual_rate,
        breaks_after_days=breaks_after_days,
        first_due_date=first_due_date,
        waived_amount=waived_amount,
        terms=terms.strip(),
        confirmation_note=confirmation_note.strip(),
        confirmation_file=confirmation_file,
        confirmation_record=confirmation_record,
    )
    rows = _schedule_of(agreement)
    if debt is not None:
        _check_in_case_file(case, debt, agreement)
    agreement.save()
    _create_payments(agreement, rows)
    negotiation_noted(
        case=case, what="agreement", item_id=agreement.pk, fields=_fields_of(agreement, AGREEMENT_NOTED)
    )
    return agreement


def _schedule_of(agreement: Agreement) -> tuple[AgreedInstallment, ...]:
    method = agreement.method if agreement.engine_kind == "installments" else "equal_installment"
    rate = agreement.annual_rate if agreement.engine_kind == "installments" else Decimal("0")
    return agreement_schedule(
        amount=agreement.amount,
        months=agreement.months,
        annual_rate=rate,
        first_due_date=agreement.first_due_date,
        method=method,
    )


def _create_payments(agreement: Agreement, rows: Iterable[AgreedInstallment]) -> list[AgreedPayment]:
    return AgreedPayment.objects.bulk_create(
        [
            AgreedPayment(
                agreement=agreement,
                n=r.n,
                due_date=r.due_date,
                principal=r.principal,
                interest=r.interest,
                amount=r.amount,
            )
            for r in rows
        ]
    )


def agreements_store_for_debt(
    *, debt: Debt, agreements: Iterable[Mapping[str, Any]], payments: Iterable[Payment] = ()
) -> list[Agreement]:
    """Store the `[[debts.agreements]]` of an imported case file (already validated by the core parser) as
    recorded agreements of `debt`, with their payment schedules. The debt's payments dated after an
    agreement (and before the next) are linked to its instalments in order, one payment per instalment, so
    the agreement page shows them as paid; the figures themselves always come from the engine."""
    items = sorted(agreements, key=lambda a: a["date"])
    ordered = sorted(payments, key=lambda p: (p.date, p.pk))
    stored: list[Agreement] = []
    for index, item in enumerate(items):
        settlement = item.get("kind") == "settlement"
        agreement = Agreement.objects.create(
            case=debt.case,
            debt=debt,
            agreed_on=item["date"],
            kind=TermsKind.SETTLEMENT if settlement else TermsKind.INSTALLMENTS,
            amount=Decimal(str(item["amount"])),
            months=1 if settlement else int(item["months"]),
            annual_rate=Decimal("0") if settlement else Decimal(str(item.get("annual_rate", "0"))),
            method=AgreedMethod.EQUAL_INSTALLMENT if settlement else item.get("method", "equal_installment"),
            penalty_annual_rate=Decimal(str(item.get("penalty_annual_rate", "0"))),
            breaks_after_days=int(item.get("breaks_after_days", 0)),
            first_due_date=item["due"]
            if settlement
            else item.get("first_due") or add_months(item["date"], 1),
        )
        rows = _create_payments(agreement, _schedule_of(agreement))
        until = items[index + 1]["date"] if index + 1 < len(items) else None
        mine = [p for p in ordered if p.date > agreement.agreed_on and (until is None or p.date <= until)]
        for row, paid in zip(rows, mine, strict=False):
            row.paid_on, row.paid_amount, row.debt_payment = paid.date, paid.amount, paid
            row.proof_note = "导入的案件文件 / imported case file"
            row.save()
        stored.append(agreement)
    return stored


@transaction.atomic
def agreement_confirm(
    *,
    agreement: Agreement,
    confirmation_note: str | None = None,
    confirmation_file: EvidenceFile | None = None,
    confirmation_record: EvidenceRecord | None = None,
) -> Agreement:
    """Attach the lender's written confirmation (often received after the agreement was recorded)."""
    _same_case(agreement.case, [confirmation_file, confirmation_record])
    if confirmation_note is not None:
        agreement.confirmation_note = confirmation_note.strip()
    if confirmation_file is not None:
        agreement.confirmation_file = confirmation_file
    if confirmation_record is not None:
        agreement.confirmation_record = confirmation_record
    agreement.save(update_fields=["confirmation_note", "confirmation_file", "confirmation_record"])
    return agreement


@transaction.atomic
def agreed_payment_mark_paid(
    *,
    payment: AgreedPayment,
    paid_on: date,
    amount: Decimal | None = None,
    proof_note: str = "",
    proof_file: EvidenceFile | None = None,
    record_on_debt: bool = True,
) -> AgreedPayment:
    """Mark an agreed payment as paid (by default the amount due), with its proof.

    When the agreement is about one of the case's debts, the money is also recorded as a payment of that
    debt (so the assessment sees it), linked so that `agreed_payment_unmark` can take it back.
    """
    payment = (
        AgreedPayment.objects.select_for_update(of=("self",))
        .select_related("agreement__debt")
        .get(pk=payment.pk)
    )
    if payment.paid_on is not None:
        raise InputError("这一期已经标记为已还", "this payment is already marked as paid")
    paid = payment.amount if amount is None else amount
    _positive(paid, "还款金额", "the amount paid")
    agreement = payment.agreement
    _same_case(agreement.case, [proof_file])
    if paid_on < agreement.agreed_on:
        raise InputError("还款日期不能早于协议日期", "the payment cannot predate the agreement")
    debt = agreement.debt
    if record_on_debt and debt is not None:
        if debt.first_day is not None and paid_on <= debt.first_day:
            raise InputError("还款日期必须晚于借款日", "the payment must be after the loan started")
        if paid_on <= agreement.agreed_on:
            raise InputError(
                "协议当天的还款计入协议前的欠款：请填写实际还款日（协议日期之后）",
                "a payment on the agreement's day counts toward what was owed before it: "
                "give the day it was paid (after the agreement's date)",
            )
        note = f"协议还款 #{payment.n} / agreed payment #{payment.n}"
        payment.debt_payment = Payment.objects.create(debt=debt, date=paid_on, amount=paid, note=note)
    payment.paid_on = paid_on
    payment.paid_amount = paid
    payment.proof_note = proof_note.strip()
    payment.proof_file = proof_file
    payment.save()
    negotiation_noted(
        case=agreement.case,
        what="agreed_payment",
        item_id=payment.pk,
        fields={
            "n": payment.n,
            "paid_on": paid_on,
            "amount": paid,
            "proof": payment.proof_note,
            "file": proof_file,
        },
    )
    return payment


@transaction.atomic
def agreed_payment_unmark(*, payment: AgreedPayment) -> AgreedPayment:
    """Undo a payment marked by mistake (and the debt payment it recorded)."""
    payment = AgreedPayment.objects.select_for_update().get(pk=payment.pk)
    linked = payment.debt_payment
    payment.paid_on = None
    payment.paid_amount = None
    payment.proof_note = ""
    payment.proof_file = None
    payment.debt_payment = None
    payment.save()
    if linked is not None:
        linked.delete()
    negotiation_noted(
        case=payment.agreement.case, what="agreed_payment_undone", item_id=payment.pk, fields={"n": payment.n}
    )
    return payment
