"""Reads of the negotiation record, for these pages and for the dashboard and case page of `xieshang.web`.

    payment_status(payment, today) -> PaymentStatus
    agreement_overview(agreement, today) -> AgreementOverview
    agreements_at_risk(user, *, today=None, cases=None) -> list[AgreementOverview]  late or due in 3 days
    upcoming_payments(user, *, days=7, today=None, cases=None) -> list[AgreedPayment]  due today .. +days
    checklist_for_case(case) -> ChecklistStatus
    case_reads(cases)                               prefetch what the steps, actions and agreements read
    checklists_read(cases)                          the checklists of many cases in two queries (shared reads)
    contact_evidence_candidates(contact) -> list[EvidenceRecord]         records around the contact's time
    today_local() -> date
Actions and steps: see `xieshang.negotiation.progress`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from django.db.models import Count, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.utils import timezone

from xieshang.cases.access import cases_visible_to
from xieshang.cases.models import Case, Debt, Payment
from xieshang.core.hardship import ChecklistStatus, checklist_status
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.knowledge.hardship import load_checklist
from xieshang.negotiation.models import AgreedPayment, Agreement, ChecklistTick, Contact, Offer

AT_RISK_DAYS = 3  # an unpaid agreed payment due within this many days is at risk


class PaymentStatus(StrEnum):
    PAID = "paid"
    PARTIAL = "partial"
    LATE = "late"
    AT_RISK = "at_risk"
    UPCOMING = "upcoming"


def today_local() -> date:
    return timezone.localdate()


def payment_status(payment: AgreedPayment, today: date) -> PaymentStatus:
    if payment.paid_in_full:
        return PaymentStatus.PAID
    if payment.due_date < today:
        return PaymentStatus.LATE
    if payment.paid_amount is not None:
        return PaymentStatus.PARTIAL
    if payment.due_date <= today + timedelta(days=AT_RISK_DAYS):
        return PaymentStatus.AT_RISK
    return PaymentStatus.UPCOMING


@dataclass(frozen=True)
class PaymentRow:
    payment: AgreedPayment
    status: PaymentStatus


@dataclass(frozen=True)
class AgreementFigures:
    """What the engine says of an agreement about one of the case's debts, on the case's evaluation day
    (spec calculations.md, "Agreements"): only the latest agreement of a debt on or before that day has
    figures (an earlier one was replaced by it)."""

    on: date
    owed: Decimal  # payoff_now on the agreement's date under the terms before it
    waived: Decimal  # max(0, owed − amount), as recorded on its date (also after a break)
    broken_on: date | None
    installments_paid: int
    installments_total: int
    payoff_now: Decimal  # once broken: the agreed instalments due plus the revived waiver
    total_due_now: Decimal
    dpd: int
    apr_simple: Decimal | None

    @property
    def broken(self) -> bool:
        return self.broken_on is not None


@dataclass(frozen=True)
class AgreementOverview:
    agreement: Agreement
    rows: tuple[PaymentRow, ...]
    figures: AgreementFigures | None = None  # the engine's, when the agreement is about a debt

    @property
    def case(self) -> Case:
        return self.agreement.case

    @property
    def total_due(self) -> Decimal:
        return sum((r.payment.amount for r in self.rows), Decimal("0"))

    @property
    def paid_total(self) -> Decimal:
        return sum((r.payment.paid_amount or Decimal("0") for r in self.rows), Decimal("0"))

    @property
    def remaining(self) -> Decimal:
        return max(self.total_due - self.paid_total, Decimal("0"))

    @property
    def late(self) -> list[AgreedPayment]:
        return [r.payment for r in self.rows if r.status is PaymentStatus.LATE]

    @property
    def at_risk(self) -> list[AgreedPayment]:
        return [r.payment for r in self.rows if r.status in (PaymentStatus.AT_RISK, PaymentStatus.PARTIAL)]

    @property
    def next_due(self) -> AgreedPayment | None:
        return next((r.payment for r in self.rows if r.status is not PaymentStatus.PAID), None)

    @property
    def paid_count(self) -> int:
        """Agreed payments with nothing unpaid (the engine's count when it has figures)."""
        if self.figures is not None:
            return self.figures.installments_paid
        return sum(1 for r in self.rows if r.status is PaymentStatus.PAID)

    @property
    def state(self) -> str:
        """broken · completed · late · at_risk · on_track"""
        if self.figures is not None and self.figures.broken:
            return "broken"
        # The engine's count when it has figures (it sees every payment of the debt), else the marks.
        if self.figures is not None:
            if self.figures.installments_paid >= self.figures.installments_total:
                return "completed"
        elif all(r.status is PaymentStatus.PAID for r in self.rows):
            return "completed"
        if self.late:
            return "late"
        if self.at_risk:
            return "at_risk"
        return "on_track"


def agreement_overview(
    agreement: Agreement, today: date, figures: AgreementFigures | None = None
) -> AgreementOverview:
    payments = agreement.payments.all()
    rows = tuple(PaymentRow(p, payment_status(p, today)) for p in payments)
    return AgreementOverview(agreement, rows, figures)


def agreement_figures(case: Case) -> dict[tuple[str, date], AgreementFigures]:
    """The engine's figures of the agreements in force, by (debt id, agreement date), on the case's
    evaluation day (its `as_of`, else today) — the figures the case page shows. Empty when the case cannot
    be assessed (its page says why)."""

    def read() -> dict[tuple[str, date], AgreementFigures]:
        from xieshang.cases.figures import case_assessment

        figures = case_assessment(case)
        if not figures.ok:
            return {}
        found: dict[tuple[str, date], AgreementFigures] = {}
        for debt in figures.result.debts:
            state = getattr(debt, "agreement", None)
            if state is None:
                continue
            status = debt.status
            found[(debt.terms.id, state.agreement.date)] = AgreementFigures(
                on=figures.as_of,
                owed=state.owed,
                waived=state.waived,
                broken_on=state.broken_on,
                installments_paid=state.installments_paid,
                installments_total=state.installments_total,
                payoff_now=status.payoff_now,
                total_due_now=status.total_due_now,
                dpd=status.dpd,
                apr_simple=state.apr.simple if state.apr is not None else None,
            )
        return found

    return _shared(("agreement_figures", case.pk), read)


_T = TypeVar("_T")
_READS: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("negotiation_reads", default=None)


@contextmanager
def reads_shared() -> Iterator[None]:
    """While a page only reads (the dashboard), each case's agreements and checklist are read once, not
    once per section that shows them."""
    token = _READS.set({})
    try:
        yield
    finally:
        _READS.reset(token)


def _shared(key: tuple[Any, ...], read: Callable[[], _T]) -> _T:
    memo = _READS.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    result: _T = memo[key]
    return result


def _agreements_query(queryset: Any) -> Any:
    return queryset.select_related(
        "debt", "offer", "confirmation_file", "confirmation_record"
    ).prefetch_related("payments__proof_file")


def case_reads(cases: list[Case]) -> None:
    """Prefetch on these cases everything the steps, the next actions, the agreements and the figures of a
    case read: its debts with their payments and agreements, its contacts, offers and agreements with their
    payments — a constant number of queries for any number of cases, instead of some per case. Orders are
    the models' own within each case (no join for ordering by the case); the debt of a contact, an offer
    or an agreement is the case's debt already read (no join either)."""
    if not cases:
        return
    prefetch_related_objects(
        cases,
        Prefetch("debts", queryset=Debt.objects.order_by("position", "id")),
        Prefetch("debts__payments", queryset=Payment.objects.order_by("date", "id")),
        "debts__agreements",
        "contacts",
        "offers",
        "agreements",
        Prefetch("agreements__payments", queryset=AgreedPayment.objects.order_by("n")),
    )
    for case in cases:
        debts = {d.pk: d for d in case.debts.all()}
        for name in ("contacts", "offers", "agreements"):
            for item in getattr(case, name).all():
                if item.debt_id in debts:
                    _DEBT_OF[name].set_cached_value(item, debts[item.debt_id])


_DEBT_OF = {
    "contacts": Contact._meta.get_field("debt"),
    "offers": Offer._meta.get_field("debt"),
    "agreements": Agreement._meta.get_field("debt"),
}


def evidence_records_counted(cases: Any) -> Any:
    """A case queryset with `evidence_records_count` (read by the steps instead of a count per case)."""
    counted = (
        EvidenceRecord.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk"))
    )
    return cases.annotate(evidence_records_count=Subquery(counted.values("n")))


def _case_agreements(case: Case) -> list[Agreement]:
    """The case's agreements with their payments: as prefetched by the page (`case_reads`), else read
    (with what the agreement page shows of them)."""
    prefetched = getattr(case, "_prefetched_objects_cache", {})
    if "agreements" in prefetched:
        return list(prefetched["agreements"])
    return list(_agreements_query(case.agreements.all()))


def agreements_of_case(case: Case, today: date) -> list[AgreementOverview]:
    def read() -> list[AgreementOverview]:
        agreements = _case_agreements(case)
        engine = agreement_figures(case) if any(a.debt_id for a in agreements) else {}
        return [
            agreement_overview(a, today, engine.get((a.debt.key, a.agreed_on)) if a.debt else None)
            for a in agreements
        ]

    return _shared(("agreements", case.pk, today), read)


def agreements_at_risk(
    user: Any, *, today: date | None = None, cases: list[Case] | None = None
) -> list[AgreementOverview]:
    """Agreements of the user's visible cases with a late payment or one due within 3 days (late first).
    `cases`: the user's visible cases with their agreements prefetched (`case_reads`): no query."""
    today = today or today_local()
    horizon = today + timedelta(days=AT_RISK_DAYS)
    agreements: Any
    if cases is not None:
        agreements = [
            a
            for case in cases
            for a in _case_agreements(case)
            if any(p.paid_on is None and p.due_date <= horizon for p in a.payments.all())
        ]
        agreements.sort(key=lambda a: (a.agreed_on, a.pk), reverse=True)  # the query's order
    else:
        agreements = (
            Agreement.objects.filter(
                case__in=cases_visible_to(user),
                payments__paid_on__isnull=True,
                payments__due_date__lte=horizon,
            )
            .distinct()
            .select_related("case", "debt")
            .prefetch_related("payments")
        )
    found = [agreement_overview(a, today) for a in agreements]
    risky = [o for o in found if o.state in ("late", "at_risk")]
    return sorted(risky, key=lambda o: (o.state != "late", o.next_due.due_date if o.next_due else today))


def upcoming_payments(
    user: Any, *, days: int = 7, today: date | None = None, cases: list[Case] | None = None
) -> list[AgreedPayment]:
    """Unpaid agreed payments of the user's visible cases due from today to today + days (soonest first).
    `cases`: the user's visible cases with their agreements prefetched (`case_reads`): no query."""
    today = today or today_local()
    if cases is not None:
        horizon = today + timedelta(days=days)
        due = [
            p
            for case in cases
            for a in _case_agreements(case)
            for p in a.payments.all()
            if p.paid_on is None and today <= p.due_date <= horizon
        ]
        return sorted(due, key=lambda p: (p.due_date, p.agreement_id, p.n))
    return list(
        AgreedPayment.objects.filter(
            agreement__case__in=cases_visible_to(user),
            paid_on__isnull=True,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=days),
        )
        .select_related("agreement__case", "agreement__debt")
        .order_by("due_date", "agreement_id", "n")
    )


def contact_evidence_candidates(
    contact: Contact, *, hours: int = 24, limit: int = 30
) -> list[EvidenceRecord]:
    """Evidence records of the case around the contact's time (closest first) plus those already linked."""
    window = timedelta(hours=hours)
    near = EvidenceRecord.objects.filter(
        case=contact.case,
        timestamp__gte=contact.occurred_at - window,
        timestamp__lte=contact.occurred_at + window,
    ).exclude(kind=EvidenceRecord.Kind.ATTACHMENT)
    found = sorted(near[: limit * 4], key=lambda r: abs((r.timestamp - contact.occurred_at).total_seconds()))[
        :limit
    ]
    linked = [r for r in contact.evidence_records.all() if r not in found]
    return sorted([*linked, *found], key=lambda r: r.timestamp)


def _doc_types(values: Any) -> set[str]:
    # A file holding several documents keeps their types comma-joined (evidence service).
    return {part.strip() for value in values for part in value.split(",") if part.strip()}


def evidence_doc_types(case: Case) -> set[str]:
    """Document types among the case's imported evidence files."""
    values = (
        EvidenceFile.objects.filter(case=case)
        .exclude(doc_type="")
        .order_by()
        .values_list("doc_type", flat=True)
    )
    return _doc_types(values)


def _checklist_key(case: Case) -> tuple[Any, ...]:
    return ("checklist", case.pk, tuple(case.hardships or ()))


def _checklist(case: Case, present: set[str], ticked: Any) -> ChecklistStatus:
    return checklist_status(load_checklist(), reasons=case.hardships or [], present=present, ticked=ticked)


def checklist_for_case(case: Case) -> ChecklistStatus:
    def read() -> ChecklistStatus:
        ticked = case.checklist_ticks.order_by().values_list("doc_key", flat=True)
        return _checklist(case, evidence_doc_types(case), ticked)

    return _shared(_checklist_key(case), read)


def checklists_read(cases: list[Case]) -> None:
    """Inside `reads_shared()`: the checklists of all these cases, read in two queries (the dashboard), so
    that `checklist_for_case` reads nothing more. Outside it: nothing (each case reads its own)."""
    memo = _READS.get()
    if memo is None or not cases:
        return
    ids = [c.pk for c in cases]
    types: dict[int, list[str]] = {pk: [] for pk in ids}
    files = EvidenceFile.objects.filter(case_id__in=ids).exclude(doc_type="").order_by()
    for case_id, doc_type in files.values_list("case_id", "doc_type"):
        types[case_id].append(doc_type)
    ticks: dict[int, list[str]] = {pk: [] for pk in ids}
    for case_id, key in (
        ChecklistTick.objects.filter(case_id__in=ids).order_by().values_list("case_id", "doc_key")
    ):
        ticks[case_id].append(key)
    for case in cases:
        memo.setdefault(_checklist_key(case), _checklist(case, _doc_types(types[case.pk]), ticks[case.pk]))
