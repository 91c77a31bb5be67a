"""Writes to the negotiation record (the web pages, the API, the CLI and the admin share them).

Keyword-only, typed, each under `transaction.atomic`; bad input raises `InputError` (bilingual) and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from xieshang.cases.models import Case, Debt
from xieshang.core.errors import InputError
from xieshang.core.hardship import HARDSHIP_REASONS
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.knowledge.hardship import load_checklist
from xieshang.negotiation.checks import _choice, _debt_of, _fields_of, _positive, _same_case
from xieshang.negotiation.ledger_notes import negotiation_noted
from xieshang.negotiation.models import (
    Channel,
    ChecklistTick,
    Contact,
    Offer,
    Party,
    TermsKind,
)
from xieshang.negotiation.schedule import agreement_schedule

# The agreements' writes live in services_agreements.py; callers keep using `services.<name>`.
from xieshang.negotiation.services_agreements import (
    agreed_payment_mark_paid as agreed_payment_mark_paid,
)
from xieshang.negotiation.services_agreements import (
    agreed_payment_unmark as agreed_payment_unmark,
)
from xieshang.negotiation.services_agreements import (
    agreement_confirm as agreement_confirm,
)
from xieshang.negotiation.services_agreements import (
    agreement_record as agreement_record,
)
from xieshang.negotiation.services_agreements import (
    agreements_store_for_debt as agreements_store_for_debt,
)

CONTACT_FIELDS = (
    "debt",
    "lender",
    "channel",
    "direction",
    "occurred_at",
    "person",
    "staff_number",
    "said",
    "promise",
    "promise_by",
    "promise_due",
    "follow_up_on",
    "follow_up_done",
)


OFFER_NOTED = (
    "debt",
    "lender",
    "responds_to",
    "proposed_by",
    "proposed_on",
    "kind",
    "amount",
    "months",
    "annual_rate",
    "monthly_payment",
    "total_payable",
    "waived_amount",
    "first_due_date",
    "terms",
    "valid_until",
)


def _check_contact(case: Case, values: Mapping[str, Any]) -> None:
    _debt_of(case, values.get("debt"))
    _choice(values["channel"], Channel, "channel")
    _choice(values.get("direction", Contact.Direction.OUTGOING), Contact.Direction, "direction")
    _choice(values.get("promise_by", ""), Party, "promise_by", blank=True)
    if not str(values.get("said", "")).strip():
        raise InputError("请写下双方说了什么", "please write down what was said")
    if not values.get("debt") and not str(values.get("lender", "")).strip():
        raise InputError("请选择债务或填写平台名称", "choose a debt or name the lender")
    if values.get("promise_due") and not str(values.get("promise", "")).strip():
        raise InputError("有承诺日期时请写下承诺内容", "a promise date needs the promise itself")
    occurred: datetime = values["occurred_at"]
    follow = values.get("follow_up_on")
    if follow is not None and follow < occurred.date():
        raise InputError("跟进日期不能早于联系时间", "the follow-up cannot be before the contact")


@transaction.atomic
def contact_record(
    *,
    case: Case,
    channel: str,
    occurred_at: datetime,
    said: str,
    direction: str = Contact.Direction.OUTGOING,
    debt: Debt | None = None,
    lender: str = "",
    person: str = "",
    staff_number: str = "",
    promise: str = "",
    promise_by: str = "",
    promise_due: date | None = None,
    follow_up_on: date | None = None,
    created_by: Any = None,
) -> Contact:
    """Log one contact with a lender (who, when, how, what was said and promised, when to follow up)."""
    values: dict[str, Any] = {
        "channel": channel,
        "occurred_at": occurred_at,
        "said": said.strip(),
        "direction": direction,
        "debt": debt,
        "lender": lender.strip(),
        "person": person.strip(),
        "staff_number": staff_number.strip(),
        "promise": promise.strip(),
        "promise_by": promise_by,
        "promise_due": promise_due,
        "follow_up_on": follow_up_on,
    }
    _check_contact(case, values)
    contact = Contact.objects.create(case=case, created_by=created_by, **values)
    negotiation_noted(case=case, what="contact", item_id=contact.pk, fields=values, user=created_by)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, fields: Mapping[str, Any]) -> Contact:
    unknown = sorted(set(fields) - set(CONTACT_FIELDS))
    if unknown:
        raise InputError(f"未知字段 {unknown}", f"unknown fields {unknown}")
    values = {name: getattr(contact, name) for name in CONTACT_FIELDS} | dict(fields)
    _check_contact(contact.case, values)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.save()
    negotiation_noted(case=contact.case, what="contact", item_id=contact.pk, fields=values)
    return contact


@transaction.atomic
def contact_link_evidence(
    *, contact: Contact, records: Iterable[EvidenceRecord] = (), files: Iterable[EvidenceFile] = ()
) -> Contact:
    """Link the contact to the evidence that documents it (the call, the SMS, a screenshot); replaces the links."""
    records, files = list(records), list(files)
    _same_case(contact.case, [*records, *files])
    contact.evidence_records.set(records)
    contact.evidence_files.set(files)
    return contact


@transaction.atomic
def contact_follow_up_done(*, contact: Contact, done: bool = True) -> Contact:
    contact.follow_up_done = done
    contact.save(update_fields=["follow_up_done"])
    return contact


def _offer_figures(
    kind: str, amount: Decimal | None, months: int | None, rate: Decimal | None, first_due: date | None
) -> tuple[Decimal, Decimal] | None:
    """Monthly payment and total of an instalment-like offer, when its terms are complete."""
    if amount is None or first_due is None:
        return None
    n = months or 1
    if kind not in (TermsKind.INSTALLMENTS, TermsKind.EXTENSION) and n == 1:
        return amount, amount
    rows = agreement_schedule(
        amount=amount, months=n, annual_rate=rate or Decimal("0"), first_due_date=first_due
    )
    return rows[0].amount, sum((r.amount for r in rows), Decimal("0"))


OFFER_FIELDS = (
    "debt",
    "lender",
    "proposed_by",
    "proposed_on",
    "kind",
    "amount",
    "months",
    "annual_rate",
    "monthly_payment",
    "total_payable",
    "waived_amount",
    "first_due_date",
    "terms",
    "valid_until",
)


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _check_offer(case: Case, values: Mapping[str, Any], today: date) -> None:
    _choice(values["proposed_by"], Party, "proposed_by")
    _choice(values["kind"], TermsKind, "kind")
    _debt_of(case, values.get("debt"))
    for name, zh, en in (
        ("amount", "金额", "the amount"),
        ("monthly_payment", "月供", "the monthly payment"),
        ("total_payable", "总额", "the total"),
        ("waived_amount", "减免金额", "the waived amount"),
    ):
        _positive(values.get(name), zh, en)
    months = values.get("months")
    if months is not None and months < 1:
        raise InputError("期数至少为 1", "at least one payment")
    rate = values.get("annual_rate")
    if rate is not None and not 0 <= rate <= 10:
        raise InputError("年利率必须在 0 到 1000% 之间", "the annual rate must be between 0 and 1000 %")
    proposed_on: date = values["proposed_on"]
    if proposed_on > today:
        raise InputError(
            f"提出日期 {proposed_on.isoformat()} 在今天之后：请填写方案实际提出的日期",
            f"the offer is dated {proposed_on.isoformat()}, after today: give the day it was actually made",
        )
    valid_until = values.get("valid_until")
    if valid_until is not None and valid_until < proposed_on:
        raise InputError("有效期不能早于提出日期", "valid-until cannot be before the offer was made")
    if (
        not str(values.get("terms", "")).strip()
        and values.get("amount") is None
        and values.get("waived_amount") is None
    ):
        raise InputError("请填写金额或用文字写明条件", "give an amount or write the terms in words")


@transaction.atomic
def offer_record(
    *,
    case: Case,
    proposed_by: str,
    proposed_on: date,
    kind: str,
    debt: Debt | None = None,
    lender: str = "",
    responds_to: Offer | None = None,
    contact: Contact | None = None,
    amount: Decimal | None = None,
    months: int | None = None,
    annual_rate: Decimal | None = None,
    monthly_payment: Decimal | None = None,
    total_payable: Decimal | None = None,
    waived_amount: Decimal | None = None,
    first_due_date: date | None = None,
    terms: str = "",
    valid_until: date | None = None,
    today: date | None = None,
) -> Offer:
    """Record a proposal or, with `responds_to`, a counter-offer (the earlier offer becomes `countered`).

    Missing monthly payment and total of an instalment offer are computed from amount, months, rate and
    first due date with the same schedule an agreement uses. An offer dated after `today` (default: the
    local date) is refused: it could not have been made yet.
    """
    values = {
        "proposed_by": proposed_by,
        "proposed_on": proposed_on,
        "kind": kind,
        "debt": debt,
        "lender": lender.strip(),
        "amount": amount,
        "months": months,
        "annual_rate": annual_rate,
        "monthly_payment": monthly_payment,
        "total_payable": total_payable,
        "waived_amount": waived_amount,
        "first_due_date": first_due_date,
        "terms": terms,
        "valid_until": valid_until,
    }
    _check_offer(case, values, today or _today())
    if contact is not None and contact.case_id != case.pk:
        raise InputError("这条联系记录不属于该案件", "that contact does not belong to this case")
    if responds_to is not None:
        if responds_to.case_id != case.pk:
            raise InputError("被还价的方案不属于该案件", "the offer countered belongs to another case")
        if responds_to.status_on(proposed_on) != Offer.Status.PROPOSED:
            raise InputError("只能对仍然有效的方案还价", "only an open offer can be countered")
        if responds_to.proposed_by == proposed_by:
            raise InputError("还价应由另一方提出", "a counter-offer comes from the other side")
        responds_to.status = Offer.Status.COUNTERED
        responds_to.decided_on = proposed_on
        responds_to.save(update_fields=["status", "decided_on"])
        debt = debt or responds_to.debt
        lender = lender or responds_to.lender
    figures = _offer_figures(kind, amount, months, annual_rate, first_due_date)
    if figures is not None:
        monthly_payment = monthly_payment or figures[0]
        total_payable = total_payable or figures[1]
    offer = Offer.objects.create(
        case=case,
        debt=debt,
        lender="" if debt is not None else lender.strip(),
        responds_to=responds_to,
        contact=contact,
        proposed_by=proposed_by,
        proposed_on=proposed_on,
        kind=kind,
        amount=amount,
        months=months,
        annual_rate=annual_rate,
        monthly_payment=monthly_payment,
        total_payable=total_payable,
        waived_amount=waived_amount,
        first_due_date=first_due_date,
        terms=terms.strip(),
        valid_until=valid_until,
    )
    negotiation_noted(case=case, what="offer", item_id=offer.pk, fields=_fields_of(offer, OFFER_NOTED))
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, fields: Mapping[str, Any], today: date | None = None) -> Offer:
    """Correct an offer not yet answered (a typo in the amount, the wrong date); an answered one is history."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.PROPOSED:
        raise InputError("已答复的方案不能再修改", "an answered offer can no longer be changed")
    unknown = sorted(set(fields) - set(OFFER_FIELDS))
    if unknown:
        raise InputError(f"未知字段 {unknown}", f"unknown fields {unknown}")
    values = {name: getattr(offer, name) for name in OFFER_FIELDS} | dict(fields)
    values["terms"] = str(values.get("terms") or "").strip()
    values["lender"] = "" if values.get("debt") is not None else str(values.get("lender") or "").strip()
    _check_offer(offer.case, values, today or _today())
    changed = {"amount", "months", "annual_rate", "first_due_date", "kind"} & set(fields)
    if changed and "monthly_payment" not in fields and "total_payable" not in fields:
        values["monthly_payment"] = values["total_payable"] = None
    figures = _offer_figures(
        values["kind"], values["amount"], values["months"], values["annual_rate"], values["first_due_date"]
    )
    if figures is not None:
        values["monthly_payment"] = values["monthly_payment"] or figures[0]
        values["total_payable"] = values["total_payable"] or figures[1]
    for name, value in values.items():
        setattr(offer, name, value)
    offer.save()
    negotiation_noted(case=offer.case, what="offer", item_id=offer.pk, fields=_fields_of(offer, OFFER_NOTED))
    return offer


@transaction.atomic
def offer_respond(*, offer: Offer, accept: bool, on: date, today: date | None = None) -> Offer:
    """Accept or reject an open offer on day `on` (a counter-offer is `offer_record(responds_to=…)`)."""
    if on < offer.proposed_on:
        raise InputError("答复日期不能早于提出日期", "the answer cannot predate the offer")
    if on > (today or _today()):
        raise InputError("答复日期不能晚于今天", "the answer cannot be dated after today")
    status = offer.status_on(on)
    if status == Offer.Status.EXPIRED:
        raise InputError("这个方案已过有效期", "this offer has expired")
    if status != Offer.Status.PROPOSED:
        raise InputError("这个方案已经有了答复", "this offer has already been answered")
    offer.status = Offer.Status.ACCEPTED if accept else Offer.Status.REJECTED
    offer.decided_on = on
    offer.save(update_fields=["status", "decided_on"])
    negotiation_noted(
        case=offer.case, what="offer_answer", item_id=offer.pk, fields={"status": offer.status, "on": on}
    )
    return offer


@transaction.atomic
def checklist_tick(*, case: Case, doc_key: str, ticked: bool = True, note: str = "") -> None:
    """Mark a checklist document as obtained (or not) by hand."""
    if doc_key not in load_checklist().document_keys():
        raise InputError(f"清单中没有 {doc_key!r}", f"{doc_key!r} is not on the checklist")
    if ticked:
        ChecklistTick.objects.update_or_create(case=case, doc_key=doc_key, defaults={"note": note.strip()})
    else:
        ChecklistTick.objects.filter(case=case, doc_key=doc_key).delete()


@transaction.atomic
def case_hardships_set(*, case: Case, reasons: Iterable[str]) -> Case:
    """The case's hardship reasons (the case file's `borrower.hardships`), which pick the checklist."""
    chosen = list(dict.fromkeys(reasons))
    bad = [r for r in chosen if r not in HARDSHIP_REASONS]
    if bad:
        raise InputError(f"未知的困难原因 {bad}", f"unknown hardship reasons {bad}")
    case.hardships = chosen
    case.save(update_fields=["hardships", "updated_at"])
    return case
