"""What to do next in a case, from the negotiation record — for the dashboard and the CLI's `next`.

    next_actions(case, *, today=None) -> list[NextAction]        overdue first, then by date
    related(case, "contacts" | "offers") -> list                  as prefetched by the page, else read

How far the steps have come is judged in one place, xieshang.workbench.steps. Texts are translated in the active language when these are called.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xieshang.cases.models import Case
from xieshang.core.money import fmt_money_grouped
from xieshang.language import current_lang
from xieshang.negotiation.models import Offer, Party
from xieshang.negotiation.selectors import agreements_of_case, checklist_for_case, today_local

HORIZON_DAYS = 7


@dataclass(frozen=True)
class NextAction:
    kind: str  # payment_late · payment_due · follow_up · promise · offer_answer · offer_chase · first_contact · documents
    text: str
    due: date | None
    overdue: bool
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
            args = {"n": p.n, "lender": lender, "amount": fmt_money_grouped(p.amount), "date": _d(p.due_date)}
            out.append(NextAction("payment_late", text % args, p.due_date, True, url))
        for p in overview.at_risk:
            text = _("Agreed payment %(n)s to %(lender)s: %(amount)s due on %(date)s.")
            args = {"n": p.n, "lender": lender, "amount": fmt_money_grouped(p.amount), "date": _d(p.due_date)}
            out.append(NextAction("payment_due", text % args, p.due_date, False, url))
    return out


def related(case: Case, name: str) -> list[Any]:
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
    for c in related(case, "contacts"):
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
    for o in related(case, "offers"):
        if o.status != Offer.Status.PROPOSED or o.status_on(today) != Offer.Status.PROPOSED:
            continue
        lender = o.lender_name or _("the lender")
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
    contacted = {c.debt_id for c in related(case, "contacts") if c.debt_id is not None}
    for debt in case.debts.all():
        if debt.pk not in contacted:
            text = _("Contact %(lender)s early and log the call (step 1).") % {"lender": debt.lender}
            actions.append(NextAction("first_contact", text, None, False, _url(case, "contacts")))
    checklist = checklist_for_case(case)
    missing = checklist.missing()
    if missing:
        text = _("Gather your documents: %(n)s missing, e.g. %(first)s.") % {
            "n": len(missing),
            "first": missing[0].name(current_lang()),
        }
        actions.append(NextAction("documents", text, None, False, _url(case, "checklist")))
    return sorted(actions, key=lambda a: (not a.overdue, a.due is None, a.due or today))
