"""The case guided by the eight steps (and the ninth that follows them): done, missing, next action.

`case_facts(case, figures)` reads what the case holds (debts, evidence, and — when the negotiation app is
installed — contacts, offers, agreements, the hardship checklist); `steps_from_facts(facts)` is pure and
turns those facts into the nine steps. Texts are gettext (English msgids, zh-Hans catalog).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from xieshang.cases.models import Case

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
class CaseFacts:
    today: date
    debts: int = 0
    figures_ok: bool = False
    overdue_debts: int = 0
    evidence_records: int = 0
    negotiation: bool = False  # the negotiation app is installed
    contacts: int = 0
    outgoing_contacts: int = 0
    service_contacts: int = 0  # by phone or the app's online service
    follow_ups_overdue: int = 0
    next_follow_up: date | None = None
    hardships: tuple[str, ...] = ()
    checklist_percent: int | None = None
    checklist_missing: tuple[str, ...] = ()
    our_offers: int = 0
    open_offers: int = 0
    waiver_offers: int = 0
    agreements: int = 0
    late_payments: int = 0
    at_risk_payments: int = 0


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


def case_facts(case: Case, figures: Any, today: date) -> CaseFacts:
    evidence = 0
    if apps.is_installed("xieshang.evidence"):
        evidence = case.evidence_records.count()
    return CaseFacts(
        today=today,
        debts=case.debts.count(),
        figures_ok=bool(figures is not None and getattr(figures, "ok", False)),
        overdue_debts=int(getattr(figures, "overdue_debts", 0) or 0),
        evidence_records=evidence,
        hardships=tuple(case.hardships or ()),
    )


def _state(done: bool, partial: bool = False) -> str:
    return "done" if done else ("partial" if partial else "missing")


def steps_from_facts(f: CaseFacts, links: dict[str, str]) -> list[Step]:
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
                missing=[str(m) for m in missing],
                next_action=str(action) if state != "done" else "",
                link=links.get(link, ""),
                link_label=str(label),
            )
        )

    # 1 — contact early
    add(
        "contact_early",
        _state(f.outgoing_contacts > 0, f.contacts > 0),
        [_("You contacted the lender %(n)s time(s).") % {"n": f.outgoing_contacts}]
        if f.outgoing_contacts
        else [],
        [] if f.outgoing_contacts else [_("No contact with the lender recorded yet.")],
        _("Call or message each lender before the next instalment is missed, and write the call down."),
        "contacts",
        _("Contact log"),
    )
    # 2 — keep records
    add(
        "keep_records",
        _state(f.evidence_records > 0),
        [_("%(n)s messages and calls kept as evidence.") % {"n": f.evidence_records}]
        if f.evidence_records
        else [],
        [] if f.evidence_records else [_("No SMS, call log or chat imported yet.")],
        _("Upload your SMS backup and call log; keep every message from the lender."),
        "evidence",
        _("Evidence"),
    )
    # 3 — customer service
    add(
        "customer_service",
        _state(f.service_contacts > 0),
        [_("Customer service reached %(n)s time(s).") % {"n": f.service_contacts}]
        if f.service_contacts
        else [],
        [] if f.service_contacts else [_("No call or online-service contact recorded.")],
        _("Call the lender's official customer service (not a collector) and note the staff number (工号)."),
        "contacts",
        _("Contact log"),
    )
    # 4 — explain the hardship with proof
    pct = f.checklist_percent
    add(
        "explain_with_evidence",
        _state(bool(f.hardships) and pct == 100, bool(f.hardships) or bool(pct)),
        ([_("Reasons given.")] if f.hardships else [])
        + ([_("Proof %(p)s%% complete.") % {"p": pct}] if pct is not None else []),
        ([] if f.hardships else [_("No reason for the difficulty given (e.g. unemployment, illness).")])
        + [_("Missing: %(doc)s") % {"doc": d} for d in f.checklist_missing[:4]],
        _("Gather the documents on the checklist and explain your situation to the lender."),
        "checklist",
        _("Hardship checklist"),
    )
    # 5 — keep communicating
    add(
        "keep_communicating",
        _state(f.contacts >= 2 and f.follow_ups_overdue == 0, f.contacts > 0),
        [_("%(n)s contacts recorded.") % {"n": f.contacts}] if f.contacts else [],
        ([_("%(n)s follow-up(s) overdue.") % {"n": f.follow_ups_overdue}] if f.follow_ups_overdue else [])
        + ([] if f.contacts >= 2 else [_("Keep in touch regularly; answer the lender's messages calmly.")]),
        _("Do the overdue follow-ups first; set a date for the next one.")
        if f.follow_ups_overdue
        else _("Agree a date to talk again and write it down as a follow-up."),
        "contacts",
        _("Contact log"),
    )
    # 6 — understand the overdue policy and the figures
    add(
        "overdue_policy",
        _state(f.debts > 0 and f.figures_ok, f.debts > 0),
        [_("%(n)s debt(s) entered; figures computed.") % {"n": f.debts}] if f.debts and f.figures_ok else [],
        [] if f.debts else [_("No debt entered yet.")],
        _("Add each debt from its contract, then read the assessment: what is owed, penalties, flags.")
        if not f.debts
        else _("Read the assessment and check the figures against the lender's statement."),
        "debt_new" if not f.debts else "assessment",
        _("Add a debt") if not f.debts else _("Assessment"),
    )
    # 7 — negotiate a plan
    add(
        "negotiate_plan",
        _state(f.our_offers > 0 or f.agreements > 0, f.debts > 0 and f.figures_ok),
        [_("%(n)s proposal(s) made.") % {"n": f.our_offers}] if f.our_offers else [],
        [] if f.our_offers or f.agreements else [_("No proposal made to the lender yet.")],
        _("Compare the plans, then propose the opening ask to the lender and record it as an offer."),
        "plans",
        _("Plans"),
    )
    # 8 — fee mediation
    add(
        "mediate_fees",
        _state(f.waiver_offers > 0, f.our_offers > 0),
        [_("A reduction of penalties or fees is on the table.")] if f.waiver_offers else [],
        [] if f.waiver_offers else [_("No request to waive penalties or fees recorded.")],
        _("Ask for penalties and late fees to be waived; if refused, ask for mediation."),
        "offers",
        _("Offers"),
    )
    # 9 — agreement and keeping to it
    add(
        "agreement",
        _state(f.agreements > 0 and f.late_payments == 0 and f.at_risk_payments == 0, f.agreements > 0),
        [_("%(n)s agreement(s) reached.") % {"n": f.agreements}] if f.agreements else [],
        ([_("%(n)s agreed payment(s) late.") % {"n": f.late_payments}] if f.late_payments else [])
        + ([_("%(n)s agreed payment(s) due soon.") % {"n": f.at_risk_payments}] if f.at_risk_payments else [])
        + ([] if f.agreements else [_("No agreement yet.")]),
        _("Pay on time and keep the proof; contact the lender BEFORE a payment would be missed.")
        if f.agreements
        else _("When the lender accepts, get the terms in writing and record the agreement."),
        "agreement",
        _("Agreement"),
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


def _with_negotiation(steps: list[Step], case: Case, today: date) -> list[Step]:
    """The negotiation app judges the steps it holds the record of (contacts, offers, agreements, checklist)."""
    from xieshang.negotiation.progress import case_steps_status

    status = case_steps_status(case, today=today)
    out = []
    for step in steps:
        judged = status.get(step.key)
        if judged is None:
            out.append(step)
            continue
        summary = [str(judged.summary)] if judged.summary else []
        out.append(
            Step(
                number=step.number,
                key=step.key,
                title=step.title,
                state="done" if judged.done else ("partial" if step.state != "missing" else "missing"),
                done=summary if judged.done else [*step.done],
                missing=[] if judged.done else summary + [m for m in step.missing if m not in summary],
                next_action="" if judged.done else str(judged.next_action or step.next_action),
                link=judged.url or step.link,
                link_label=step.link_label,
            )
        )
    return out


def case_steps(case: Case, figures: Any, today: date) -> list[Step]:
    steps = steps_from_facts(case_facts(case, figures, today), case_links(case))
    if apps.is_installed("xieshang.negotiation"):
        steps = _with_negotiation(steps, case, today)
    return steps


def next_actions(steps: list[Step], limit: int = 3) -> list[Step]:
    """The first steps not done (in the order of the eight steps), for the dashboard."""
    return [s for s in steps if s.state != "done"][:limit]
