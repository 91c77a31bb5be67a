"""Reminders of a case — follow-ups, promises, offers' deadlines, agreed payments — and their `.ics` export.

case_reminders(case, *, today=None) -> list[Reminder]   open items, soonest first
reminders_ics(case, reminders, *, calendar_name) -> bytes   RFC 5545 (icalendar): all-day VEVENTs with
    stable UIDs (same item → same UID on every export, so calendars update instead of duplicating),
    DTSTAMP from when the item was recorded, and VALARMs at 09:00 the day before (payments also 3 days
    before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from xieshang.cases.models import Case
from xieshang.core.money import fmt_money_grouped
from xieshang.negotiation.models import AgreedPayment, Contact, Offer, Party
from xieshang.negotiation.selectors import today_local

UID_DOMAIN = "xieshang.local"
DAY_BEFORE_9AM = timedelta(hours=-15)  # all-day events start at 00:00; −15 h = 09:00 the day before
THREE_DAYS_BEFORE_9AM = timedelta(days=-3, hours=9)


@dataclass(frozen=True)
class Reminder:
    uid: str
    kind: str  # payment · follow_up · promise · offer
    day: date
    summary: str
    description: str
    stamp: datetime
    alarms: tuple[timedelta, ...]
    overdue: bool


def _payment(p: AgreedPayment, today: date) -> Reminder:
    a = p.agreement
    description = _(
        "Agreement of %(date)s. Keep the transfer receipt as proof and mark it paid in Xieshang."
    ) % {"date": a.agreed_on.isoformat()}
    if a.debt_id and a.breaks_after_days:
        # The agreement's own deadline (the engine breaks it the day after): say it where it is read.
        description += " " + _(
            "Unpaid after %(day)s, the agreement breaks and what was waived is owed again."
        ) % {"day": (p.due_date + timedelta(days=a.breaks_after_days)).isoformat()}
    return Reminder(
        uid=f"agreed-payment-{p.pk}@{UID_DOMAIN}",
        kind="payment",
        day=p.due_date,
        summary=_("Pay %(lender)s: %(amount)s (agreed payment %(n)s of %(count)s)")
        % {"lender": a.lender_name, "amount": fmt_money_grouped(p.amount), "n": p.n, "count": a.months},
        description=description,
        stamp=a.created_at,
        alarms=(THREE_DAYS_BEFORE_9AM, DAY_BEFORE_9AM),
        overdue=p.due_date < today,
    )


def _contact(c: Contact, today: date) -> list[Reminder]:
    out: list[Reminder] = []
    lender = c.lender_name
    if c.follow_up_on is not None:
        out.append(
            Reminder(
                uid=f"contact-follow-up-{c.pk}@{UID_DOMAIN}",
                kind="follow_up",
                day=c.follow_up_on,
                summary=_("Follow up with %(lender)s") % {"lender": lender},
                description=_("Last contact %(when)s: %(said)s")
                % {"when": timezone.localtime(c.occurred_at).date().isoformat(), "said": c.said},
                stamp=c.created_at,
                alarms=(DAY_BEFORE_9AM,),
                overdue=c.follow_up_on < today,
            )
        )
    if c.promise and c.promise_due is not None:
        summary = (
            _("%(lender)s promised: %(promise)s")
            if c.promise_by == Party.LENDER
            else _("Promised to %(lender)s: %(promise)s")
        )
        out.append(
            Reminder(
                uid=f"contact-promise-{c.pk}@{UID_DOMAIN}",
                kind="promise",
                day=c.promise_due,
                summary=summary % {"lender": lender, "promise": c.promise[:80]},
                description=c.promise,
                stamp=c.created_at,
                alarms=(DAY_BEFORE_9AM,),
                overdue=c.promise_due < today,
            )
        )
    return out


def _offer(o: Offer, today: date) -> Reminder | None:
    if o.valid_until is None or o.status_on(today) != Offer.Status.PROPOSED:
        return None
    lender = o.lender_name or _("the lender")
    return Reminder(
        uid=f"offer-valid-until-{o.pk}@{UID_DOMAIN}",
        kind="offer",
        day=o.valid_until,
        summary=_("Last day of the offer with %(lender)s") % {"lender": lender},
        description=o.terms,
        stamp=o.created_at,
        alarms=(DAY_BEFORE_9AM,),
        overdue=False,
    )


def case_reminders(case: Case, *, today: date | None = None) -> list[Reminder]:
    today = today or today_local()
    found: list[Reminder] = []
    payments = AgreedPayment.objects.filter(agreement__case=case, paid_on__isnull=True).select_related(
        "agreement__debt"
    )
    found.extend(_payment(p, today) for p in payments)
    for c in case.contacts.filter(follow_up_done=False).select_related("debt"):
        found.extend(_contact(c, today))
    for o in case.offers.filter(status=Offer.Status.PROPOSED).select_related("debt"):
        r = _offer(o, today)
        if r is not None:
            found.append(r)
    return sorted(found, key=lambda r: (r.day, r.kind, r.uid))


def reminders_ics(case: Case, reminders: list[Reminder], *, calendar_name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Xieshang//negotiation reminders//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    for r in reminders:
        event = icalendar.Event()
        event.add("uid", r.uid)
        event.add("dtstamp", r.stamp.astimezone(UTC))
        event.add("dtstart", r.day)
        event.add("dtend", r.day + timedelta(days=1))
        event.add("summary", r.summary)
        if r.description:
            event.add("description", r.description)
        event.add("categories", [r.kind])
        event.add("transp", "TRANSPARENT")
        for trigger in r.alarms:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", r.summary)
            alarm.add("trigger", trigger)
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
