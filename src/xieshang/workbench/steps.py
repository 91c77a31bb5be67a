"""The case guided by the eight steps (and the ninth that follows them): done, missing, next action.

One judge: `step_facts(case, figures, today)` reads what the case holds (debts and their figures, evidence,
and the negotiation record: contacts, offers, agreements, the hardship checklist) into `StepFacts`;
`steps_from_facts(facts, links)` is pure and turns those facts into the nine steps. Texts are gettext
(English msgids, zh-Hans catalogs), translated in the language active when the steps are made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from xieshang.cases.models import Case
from xieshang.core.money import fmt_money_grouped as money
from xieshang.negotiation.models import Contact, Offer, TermsKind
from xieshang.negotiation.progress import related
from xieshang.negotiation.selectors import agreements_of_case, checklist_for_case

STEP_KEYS = (
    "contact_early",
    "keep_records",
    "customer_service",
    "explain_with_evidence",
    "keep_communicating",
    "overdue_policy",
    "negotiate_plan",
    "mediate_fees",
    "agreement",
)
TITLES = {
    "contact_early": _("Contact the lender early (尽早联系平台)"),
    "keep_records": _("Keep records of every exchange (保留沟通记录)"),
    "customer_service": _("Contact customer service (联系客服)"),
    "explain_with_evidence": _("Explain your situation with proof (说明情况并提供证据)"),
    "keep_communicating": _("Keep communicating (保持积极沟通)"),
    "overdue_policy": _("Understand the overdue policy and the figures (了解逾期政策)"),
    "negotiate_plan": _("Negotiate a repayment plan or extension (协商延期还款方案)"),
    "mediate_fees": _("Ask for penalties and fees to be reduced (逾期费用调解)"),
    "agreement": _("Reach an agreement and keep to it (达成协议并履约)"),
}


@dataclass(frozen=True)
class StepFacts:
    """What the steps are judged on (counts of the case's record on `today`)."""

    today: date
    debts: int = 0
    figures_ok: bool = False
    overdue_debts: int = 0
    evidence_records: int = 0
    hardships: tuple[str, ...] = ()
    # the negotiation record
    contacts: int = 0
    outgoing_contacts: int = 0
    first_contact_on: date | None = None  # the first outgoing contact
    named_contacts: int = 0  # with a named person or a staff number (工号)
    follow_ups_overdue: int = 0
    checklist_percent: int = 0
    checklist_complete: bool = False
    plan_offers: int = 0  # installment or extension offers
    plan_agreed: bool = False  # such an agreement, or such an offer accepted
    fee_offers: int = 0  # waiver or settlement offers
    fees_agreed: bool = False
    agreements: int = 0
    late_payments: int = 0
    at_risk_payments: int = 0
    # keeping to the agreements: agreed payments made of all agreed (the engine's count when it has one)
    agreed_payments_made: int = 0
    agreed_payments_total: int = 0
    agreements_completed: int = 0  # every agreed payment made
    next_agreed_due: date | None = None
    next_agreed_amount: Decimal | None = None
    # a broken agreement (the first one): lender, date, the waived amount owed again, payoff now
    broken: tuple[str, date, Decimal, Decimal] | None = None


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str
    state: str  # done · partial · missing
    done: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    next_action: str = ""
    link: str = ""
    link_label: str = ""


def _url(name: str, case: Case) -> str:
    try:
        return reverse(name, kwargs={"case_name": case.name})
    except NoReverseMatch:
        return ""


PLAN_KINDS = (TermsKind.INSTALLMENTS, TermsKind.EXTENSION)
FEE_KINDS = (TermsKind.WAIVER, TermsKind.SETTLEMENT)


def step_facts(case: Case, figures: Any, today: date) -> StepFacts:
    contacts = related(case, "contacts")
    offers = related(case, "offers")
    overviews = agreements_of_case(case, today)
    checklist = checklist_for_case(case)
    outgoing = [c for c in contacts if c.direction == Contact.Direction.OUTGOING]
    kinds_agreed = {ov.agreement.kind for ov in overviews}
    plan_offers = [o for o in offers if o.kind in PLAN_KINDS]
    fee_offers = [o for o in offers if o.kind in FEE_KINDS]
    return StepFacts(
        today=today,
        debts=case.debts.count(),
        figures_ok=bool(figures is not None and getattr(figures, "ok", False)),
        overdue_debts=int(getattr(figures, "overdue_debts", 0) or 0),
        evidence_records=_evidence_records(case),
        hardships=tuple(case.hardships or ()),
        contacts=len(contacts),
        outgoing_contacts=len(outgoing),
        first_contact_on=min(c.occurred_at for c in outgoing).date() if outgoing else None,
        named_contacts=sum(1 for c in contacts if c.person or c.staff_number),
        follow_ups_overdue=sum(
            1 for c in contacts if not c.follow_up_done and c.follow_up_on and c.follow_up_on < today
        ),
        checklist_percent=checklist.percent,
        checklist_complete=checklist.complete,
        plan_offers=len(plan_offers),
        plan_agreed=bool(set(PLAN_KINDS) & kinds_agreed)
        or any(o.status == Offer.Status.ACCEPTED for o in plan_offers),
        fee_offers=len(fee_offers),
        fees_agreed=bool(set(FEE_KINDS) & kinds_agreed)
        or any(o.status == Offer.Status.ACCEPTED for o in fee_offers),
        agreements=len(overviews),
        late_payments=sum(len(ov.late) for ov in overviews),
        at_risk_payments=sum(len(ov.at_risk) for ov in overviews),
        **_keeping(overviews),
    )


def _evidence_records(case: Case) -> int:
    counted = getattr(case, "evidence_records_count", None)  # annotated by the dashboard's query
    return int(counted or 0) if hasattr(case, "evidence_records_count") else case.evidence_records.count()


def _keeping(overviews: list[Any]) -> dict[str, Any]:
    """How far the agreements have been kept (step 9): payments made, the next one due, a break."""
    nxt = min(
        (ov.next_due for ov in overviews if ov.next_due is not None and ov.state != "completed"),
        key=lambda p: p.due_date,
        default=None,
    )
    broken = next((ov for ov in overviews if ov.state == "broken"), None)
    return {
        "agreed_payments_made": sum(ov.paid_count for ov in overviews),
        "agreed_payments_total": sum(len(ov.rows) for ov in overviews),
        "agreements_completed": sum(1 for ov in overviews if ov.state == "completed"),
        "next_agreed_due": nxt.due_date if nxt is not None else None,
        "next_agreed_amount": nxt.amount if nxt is not None else None,
        "broken": (
            broken.agreement.lender_name,
            broken.figures.broken_on,
            broken.figures.waived,
            broken.figures.payoff_now,
        )
        if broken is not None and broken.figures is not None and broken.figures.broken_on is not None
        else None,
    }


def _state(done: bool, partial: bool = False) -> str:
    return "done" if done else ("partial" if partial else "missing")


def steps_from_facts(f: StepFacts, links: dict[str, str]) -> list[Step]:
    steps: list[Step] = []

    def add(
        key: str, state: str, done: list[Any], missing: list[Any], action: Any, link: str, label: Any
    ) -> None:
        steps.append(
            Step(
                number=len(steps) + 1,
                key=key,
                title=str(TITLES[key]),
                state=state,
                done=[str(d) for d in done],
                missing=[str(m) for m in missing] if state != "done" else [],
                next_action=str(action) if state != "done" else "",
                link=links.get(link, ""),
                link_label=str(label),
            )
        )

    # 1 — contact early
    add(
        "contact_early",
        _state(f.outgoing_contacts > 0, f.contacts > 0),
        [gettext("First contact on %(date)s") % {"date": f.first_contact_on.isoformat()}]
        if f.first_contact_on
        else [],
        [
            gettext("You have not contacted a lender yet."),
            gettext("No contact with the lender recorded yet."),
        ],
        gettext("Call the lender before the next instalment is missed."),
        "contacts",
        gettext("Contact log"),
    )
    # 2 — keep records: the contacts logged and the messages and calls imported
    add(
        "keep_records",
        _state(f.contacts > 0 or f.evidence_records > 0),
        (
            [ngettext("%(n)s contact logged", "%(n)s contacts logged", f.contacts) % {"n": f.contacts}]
            if f.contacts
            else []
        )
        + (
            [
                ngettext(
                    "%(n)s message or call kept as evidence.",
                    "%(n)s messages and calls kept as evidence.",
                    f.evidence_records,
                )
                % {"n": f.evidence_records}
            ]
            if f.evidence_records
            else []
        ),
        [
            ngettext("%(n)s contact logged", "%(n)s contacts logged", f.contacts) % {"n": f.contacts},
            gettext("No SMS, call log or chat imported yet."),
        ],
        gettext("Log every call and message."),
        "contacts",
        gettext("Contact log"),
    )
    # 3 — customer service: a named person or a staff number noted
    named = ngettext(
        "%(n)s contact with a named person or staff number",
        "%(n)s contacts with a named person or staff number",
        f.named_contacts,
    ) % {"n": f.named_contacts}
    add(
        "customer_service",
        _state(f.named_contacts > 0),
        [named] if f.named_contacts else [],
        [named, gettext("No call or online-service contact recorded.")],
        gettext("Ask for the person's name and staff number (工号) and note them."),
        "contacts",
        gettext("Contact log"),
    )
    # 4 — explain the hardship with proof
    proof = gettext("Documents %(pct)s%% complete") % {"pct": f.checklist_percent}
    add(
        "explain_with_evidence",
        _state(f.checklist_complete, bool(f.hardships)),
        [proof] if f.checklist_complete else ([gettext("Reasons given.")] if f.hardships else []),
        [proof]
        + (
            []
            if f.hardships
            else [gettext("No reason for the difficulty given (e.g. unemployment, illness).")]
        ),
        gettext("Gather the missing documents."),
        "checklist",
        gettext("Hardship checklist"),
    )
    # 5 — keep communicating
    overdue = ngettext(
        "%(n)s follow-up overdue",
        "%(n)s follow-ups overdue",
        f.follow_ups_overdue,
    ) % {"n": f.follow_ups_overdue}
    add(
        "keep_communicating",
        _state(f.contacts > 0 and f.follow_ups_overdue == 0, f.contacts > 0),
        [overdue] if f.contacts > 0 and f.follow_ups_overdue == 0 else [],
        [overdue, gettext("Keep in touch regularly; answer the lender's messages calmly.")],
        gettext("Follow up as agreed.")
        if f.follow_ups_overdue
        else gettext("Agree a date to talk again and write it down as a follow-up."),
        "contacts",
        gettext("Contact log"),
    )
    # 6 — understand the overdue policy and the figures
    add(
        "overdue_policy",
        _state(f.debts > 0 and f.figures_ok, f.debts > 0),
        [
            ngettext(
                "%(n)s debt entered; figures computed.",
                "%(n)s debts entered; figures computed.",
                f.debts,
            )
            % {"n": f.debts}
        ]
        if f.debts and f.figures_ok
        else [],
        [] if f.debts else [gettext("No debt entered yet.")],
        gettext("Add each debt from its contract, then read the assessment: what is owed, penalties, flags.")
        if not f.debts
        else gettext("Read the assessment and check the figures against the lender's statement."),
        "debt_new" if not f.debts else "assessment",
        gettext("Add a debt") if not f.debts else gettext("Assessment"),
    )
    # 7 — negotiate a plan
    plans = ngettext(
        "%(n)s instalment or extension offer",
        "%(n)s instalment or extension offers",
        f.plan_offers,
    ) % {"n": f.plan_offers}
    add(
        "negotiate_plan",
        _state(f.plan_agreed, f.debts > 0 and f.figures_ok),
        [plans] if f.plan_agreed else [],
        [plans, gettext("No proposal made to the lender yet.")],
        gettext("Compare the plans, then propose the opening ask to the lender and record it as an offer.")
        if f.plan_offers
        else gettext("Propose an instalment plan you can keep."),
        "offers",
        gettext("Plans"),
    )
    # 8 — fee mediation
    fees = ngettext(
        "%(n)s waiver or settlement offer",
        "%(n)s waiver or settlement offers",
        f.fee_offers,
    ) % {"n": f.fee_offers}
    add(
        "mediate_fees",
        _state(f.fees_agreed, f.fee_offers > 0),
        [fees] if f.fees_agreed else [],
        [fees, gettext("No request to waive penalties or fees recorded.")],
        gettext("Ask for penalties and late fees to be waived; if refused, ask for mediation.")
        if f.fee_offers
        else gettext("Ask for penalties and late fees to be waived."),
        "offers",
        gettext("Offers"),
    )
    # 9 — agreement and keeping to it: done only once every agreed payment is made
    agreed = ngettext(
        "%(n)s agreement: %(paid)s of %(total)s agreed payments made, %(late)s late, %(risky)s due soon",
        "%(n)s agreements: %(paid)s of %(total)s agreed payments made, %(late)s late, %(risky)s due soon",
        f.agreements,
    ) % {
        "n": f.agreements,
        "paid": f.agreed_payments_made,
        "total": f.agreed_payments_total,
        "late": f.late_payments,
        "risky": f.at_risk_payments,
    }
    kept = f.agreements > 0 and f.agreements_completed == f.agreements and f.broken is None
    missing9: list[Any] = [agreed] if f.agreements else [gettext("No agreement yet.")]
    if f.broken is not None:
        lender, broken_on, waived, payoff = f.broken
        missing9.insert(
            0,
            gettext(
                "The agreement with %(lender)s broke on %(date)s: the waived %(waived)s is owed again "
                "(%(payoff)s to settle now)."
            )
            % {
                "lender": lender,
                "date": broken_on.isoformat(),
                "waived": money(waived),
                "payoff": money(payoff),
            },
        )
    action9: Any
    if f.broken is not None:
        action9 = gettext(
            "Call the lender now: ask to restore the agreement, with the missed payment in hand."
        )
    elif f.late_payments:
        action9 = gettext("Pay the late instalment or call the lender now.")
    elif f.agreements and f.next_agreed_due is not None and f.next_agreed_amount is not None:
        action9 = gettext("Next agreed payment: %(amount)s on %(date)s.") % {
            "amount": money(f.next_agreed_amount),
            "date": f.next_agreed_due.isoformat(),
        }
    else:
        action9 = gettext("Record the agreement once it is confirmed in writing.")
    add(
        "agreement",
        _state(kept, f.agreements > 0),
        [agreed] if kept else ([agreed] if f.agreed_payments_made else []),
        missing9,
        action9,
        "agreement",
        gettext("Agreement"),
    )
    return steps


def case_links(case: Case) -> dict[str, str]:
    names = {
        "contacts": "negotiation:contacts",
        "checklist": "negotiation:checklist",
        "offers": "negotiation:offers",
        "agreement": "negotiation:agreement",
        "evidence": "case-evidence",
        "debt_new": "debt-new",
        "assessment": "case-assessment",
        "plans": "case-plans",
    }
    return {key: _url(name, case) for key, name in names.items()}


def case_steps(case: Case, figures: Any, today: date) -> list[Step]:
    return steps_from_facts(step_facts(case, figures, today), case_links(case))


def next_actions(steps: list[Step], limit: int = 3) -> list[Step]:
    """The first steps not done (in the order of the eight steps), for the dashboard."""
    return [s for s in steps if s.state != "done"][:limit]
