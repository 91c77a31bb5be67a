"""What to do next in a case, and how far the negotiation steps have come — for the dashboard and case page.

    next_actions(case, *, today=None) -> list[NextAction]        overdue first, then by date
    case_steps_status(case, *, today=None) -> dict[str, StepStatus]
        keys (the steps this app can judge): contact_early 尽早联系平台 · keep_records 保留沟通记录 ·
        customer_service 联系客服 · explain_with_evidence 说明情况并提供证据 · keep_communicating 保持积极沟通 ·
        negotiate_plan 协商延期还款方案 · mediate_fees 逾期费用调解 · agreement 达成协议并履约
Texts are translated in the active language when these are called.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xieshang.cases.models import Case
from xieshang.negotiation.models import Contact, Offer, Party, TermsKind
from xieshang.negotiation.selectors import agreements_of_case, checklist_for_case, today_local

HORIZON_DAYS = 7


@dataclass(frozen=True)
class NextAction:
    kind: str  # payment_late · payment_due · follow_up · promise · offer_answer · offer_chase · first_contact · documents
    text: str
    due: date | None
    overdue: bool
    url: str


@dataclass(frozen=True)
class StepStatus:
    done: bool
    summary: str
    next_action: str | None
    url: str


def _url(case: Case, name: str) -> str:
    return reverse(f"negotiation:{name}", kwargs={"case_name": case.name})


def _d(value: date) -> str:
    """ISO dates, as on every other page of the workbench (11/25/2026 would be read wrongly by many)."""
    return value.isoformat()


def _payment_actions(case: Case, today: date) -> list[NextAction]:
    out: list[NextAction] = []
    url = _url(case, "agreement")
    for overview in agreements_of_case(case, today):
        lender = overview.agreement.lender_name
        for p in overview.late:
            text = _(
                "Agreed payment %(n)s to %(lender)s (%(amount)s) was due on %(date)s: pay it or call now."
            )
            args = {"n": p.n, "lender": lender, "amount": p.amount, "date": _d(p.due_date)}
            out.append(NextAction("payment_late", text % args, p.due_date, True, url))
        for p in overview.at_risk:
            text = _("Agreed payment %(n)s to %(lender)s: %(amount)s due on %(date)s.")
            args = {"n": p.n, "lender": lender, "amount": p.amount, "date": _d(p.due_date)}
            out.append(NextAction("payment_due", text % args, p.due_date, False, url))
    return out


def _related(case: Case, name: str) -> list[Any]:
    """The case's contacts or offers with their debts: as prefetched by the page (the dashboard prefetches
    them for every case at once), else read here."""
    prefetched = getattr(case, "_prefetched_objects_cache", {})
    if name in prefetched:
        return list(prefetched[name])
    return list(getattr(case, name).select_related("debt"))


def _contact_actions(case: Case, today: date) -> list[NextAction]:
    out: list[NextAction] = []
    url = _url(case, "contacts")
    horizon = today + timedelta(days=HORIZON_DAYS)
    for c in _related(case, "contacts"):
        if c.follow_up_done:
            continue
        if c.follow_up_on is not None and c.follow_up_on <= horizon:
            text = _("Follow up with %(lender)s (contact of %(date)s).") % {
                "lender": c.lender_name,
                "date": _d(timezone.localtime(c.occurred_at).date()),
            }
            out.append(NextAction("follow_up", text, c.follow_up_on, c.follow_up_on < today, url))
        if c.promise and c.promise_due is not None and c.promise_due <= horizon:
            if c.promise_by == Party.LENDER:
                text = _("Check that %(lender)s kept its promise: %(promise)s")
            else:
                text = _("Your promise to %(lender)s: %(promise)s")
            args = {"lender": c.lender_name, "promise": c.promise}
            out.append(NextAction("promise", text % args, c.promise_due, c.promise_due < today, url))
    return out


def _offer_actions(case: Case, today: date) -> list[NextAction]:
    out: list[NextAction] = []
    url = _url(case, "offers")
    for o in _related(case, "offers"):
        if o.status != Offer.Status.PROPOSED or o.status_on(today) != Offer.Status.PROPOSED:
            continue
        lender = o.debt.lender if o.debt else _("the lender")
        if o.proposed_by == Party.LENDER:
            text = _("Answer the offer of %(lender)s of %(date)s.") % {
                "lender": lender,
                "date": _d(o.proposed_on),
            }
            out.append(NextAction("offer_answer", text, o.valid_until, False, url))
        else:
            text = _("Ask %(lender)s for an answer to your offer of %(date)s.") % {
                "lender": lender,
                "date": _d(o.proposed_on),
            }
            out.append(NextAction("offer_chase", text, o.valid_until, False, url))
    return out


def next_actions(case: Case, *, today: date | None = None) -> list[NextAction]:
    today = today or today_local()
    actions = [*_payment_actions(case, today), *_contact_actions(case, today), *_offer_actions(case, today)]
    contacted = {c.debt_id for c in _related(case, "contacts") if c.debt_id is not None}
    for debt in case.debts.all():
        if debt.pk not in contacted:
            text = _("Contact %(lender)s early and log the call (step 1).") % {"lender": debt.lender}
            actions.append(NextAction("first_contact", text, None, False, _url(case, "contacts")))
    checklist = checklist_for_case(case)
    missing = checklist.missing()
    if missing:
        text = _("Gather your documents: %(n)s missing, e.g. %(first)s.") % {
            "n": len(missing),
            "first": missing[0].name(get_language() or "zh-hans"),
        }
        actions.append(NextAction("documents", text, None, False, _url(case, "checklist")))
    return sorted(actions, key=lambda a: (not a.overdue, a.due is None, a.due or today))


def _agreement_step(case: Case, overviews: list[Any], late: int, risky: int) -> StepStatus:
    """Step 9 is done only when every agreement has been kept to the end (its last agreed payment made);
    a broken agreement is named with what is owed again."""
    url = _url(case, "agreement")
    if not overviews:
        return StepStatus(False, "", _("Record the agreement once it is confirmed in writing."), url)
    broken = [ov for ov in overviews if ov.state == "broken"]
    if broken:
        ov = broken[0]
        figures = ov.figures
        return StepStatus(
            False,
            _(
                "The agreement with %(lender)s broke on %(date)s: the waived %(waived)s is owed again "
                "(%(payoff)s to settle now)."
            )
            % {
                "lender": ov.agreement.lender_name,
                "date": _d(figures.broken_on),
                "waived": f"{figures.waived:,.2f}",
                "payoff": f"{figures.payoff_now:,.2f}",
            },
            _("Call the lender now: ask to restore the agreement, with the missed payment in hand."),
            url,
        )
    paid = sum(ov.paid_count for ov in overviews)
    total = sum(len(ov.rows) for ov in overviews)
    done = all(ov.state == "completed" for ov in overviews)
    summary = _(
        "%(n)s agreements: %(paid)s of %(total)s agreed payments made, %(late)s late, %(risky)s due soon"
    ) % {
        "n": len(overviews),
        "paid": paid,
        "total": total,
        "late": late,
        "risky": risky,
    }
    if done:
        action = None
    elif late:
        action = _("Pay the late instalment or call the lender now.")
    else:
        nxt = min(
            (ov.next_due for ov in overviews if ov.next_due is not None),
            key=lambda p: p.due_date,
            default=None,
        )
        action = (
            _("Next agreed payment: %(amount)s on %(date)s.")
            % {"amount": nxt.amount, "date": _d(nxt.due_date)}
            if nxt is not None
            else None
        )
    return StepStatus(done, summary, action, url)


def case_steps_status(case: Case, *, today: date | None = None) -> dict[str, StepStatus]:
    today = today or today_local()
    contacts = _related(case, "contacts")
    offers = _related(case, "offers")
    overviews = agreements_of_case(case, today)
    checklist = checklist_for_case(case)
    c_url, o_url = _url(case, "contacts"), _url(case, "offers")
    outgoing = [c for c in contacts if c.direction == Contact.Direction.OUTGOING]
    named = [c for c in contacts if c.person or c.staff_number]
    overdue_follow = [
        c for c in contacts if not c.follow_up_done and c.follow_up_on and c.follow_up_on < today
    ]
    plan_offers = [o for o in offers if o.kind in (TermsKind.INSTALLMENTS, TermsKind.EXTENSION)]
    fee_offers = [o for o in offers if o.kind in (TermsKind.WAIVER, TermsKind.SETTLEMENT)]
    kinds_agreed = {ov.agreement.kind for ov in overviews}
    late = sum(len(ov.late) for ov in overviews)
    risky = sum(len(ov.at_risk) for ov in overviews)

    def n_text(n: int) -> str:
        return _("%(n)s contacts logged") % {"n": n}

    return {
        "contact_early": StepStatus(
            bool(outgoing),
            _("First contact on %(date)s") % {"date": _d(min(c.occurred_at for c in outgoing).date())}
            if outgoing
            else _("You have not contacted a lender yet."),
            None if outgoing else _("Call the lender before the next instalment is missed."),
            c_url,
        ),
        "keep_records": StepStatus(
            bool(contacts),
            n_text(len(contacts)),
            None if contacts else _("Log every call and message."),
            c_url,
        ),
        "customer_service": StepStatus(
            bool(named),
            _("%(n)s contacts with a named person or staff number") % {"n": len(named)},
            None if named else _("Ask for the person's name and staff number (工号) and note them."),
            c_url,
        ),
        "explain_with_evidence": StepStatus(
            checklist.complete,
            _("Documents %(pct)s%% complete") % {"pct": checklist.percent},
            None if checklist.complete else _("Gather the missing documents."),
            _url(case, "checklist"),
        ),
        "keep_communicating": StepStatus(
            bool(contacts) and not overdue_follow,
            _("%(n)s follow-ups overdue") % {"n": len(overdue_follow)},
            _("Follow up as agreed.") if overdue_follow else None,
            c_url,
        ),
        "negotiate_plan": StepStatus(
            bool({TermsKind.INSTALLMENTS, TermsKind.EXTENSION} & kinds_agreed)
            or any(o.status == Offer.Status.ACCEPTED for o in plan_offers),
            _("%(n)s instalment or extension offers") % {"n": len(plan_offers)},
            None if plan_offers else _("Propose an instalment plan you can keep."),
            o_url,
        ),
        "mediate_fees": StepStatus(
            bool({TermsKind.WAIVER, TermsKind.SETTLEMENT} & kinds_agreed)
            or any(o.status == Offer.Status.ACCEPTED for o in fee_offers),
            _("%(n)s waiver or settlement offers") % {"n": len(fee_offers)},
            None if fee_offers else _("Ask for penalties and late fees to be waived."),
            o_url,
        ),
        "agreement": _agreement_step(case, overviews, late, risky),
    }
