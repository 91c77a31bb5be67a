"""Shared by `xieshang contact|offer|agreement|next|reminders|budget`: the stored case and its items, the
options as values, and the JSON shapes. No rules here: the services and selectors of `xieshang.negotiation`
and `xieshang.cases` decide; this module only finds things and turns text into values.

Django is set up only when a command runs (`stored(ctx)`), so `xieshang --help` stays fast; the model
imports are therefore inside the functions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rich.text import Text

from xieshang.cli.caseref import parse_date_option
from xieshang.cli.context import CliContext, money, rate
from xieshang.cli.stored import django_ready, stored_case
from xieshang.core.errors import InputError
from xieshang.core.money import parse_amount, to_decimal

# The model's choices (negotiation/models.py), listed in --help; a test keeps them equal to the models'.
CHANNELS = ("phone", "app", "sms", "email", "wechat", "in_person", "letter")
PARTIES = ("borrower", "lender")
KINDS = ("installments", "waiver", "extension", "settlement", "other")
AGREED_METHODS = ("equal_installment", "equal_principal", "interest_first", "fee_installment")

STATUS_WORDS = {
    "paid": ("已还", "paid"),
    "partial": ("部分已还", "part paid"),
    "late": ("逾期", "late"),
    "at_risk": ("即将到期", "due soon"),
    "upcoming": ("未到期", "upcoming"),
    "completed": ("已全部还清", "completed"),
    "on_track": ("按期履行", "on track"),
}


@contextlib.contextmanager
def stored(ctx: CliContext) -> Iterator[None]:
    """The workbench's database, ready, with Django's texts in the user's language."""
    django_ready()
    from django.utils import translation

    with translation.override("en" if ctx.lang == "en" else "zh-hans"):
        yield


def case_named(name: str) -> Any:
    """The stored case NAME (see cli.stored)."""
    return stored_case(name)


def debt_of(case: Any, key: str | None) -> Any:
    """The case's debt with this case-file id (Debt.key), or None when no id is given."""
    if key is None:
        return None
    debt = case.debts.filter(key=key).first()
    if debt is None:
        known = ", ".join(case.debts.order_by("position", "id").values_list("key", flat=True)) or "—"
        raise InputError(
            f"案件 {case.name} 中没有编号为 {key!r} 的债务（已有：{known}）",
            f"case {case.name} has no debt with id {key!r} (its debts: {known})",
        )
    return debt


def item_of(case: Any, kind: str, pk: int) -> Any:
    """A contact, offer, agreement or agreed payment of the case by its number (shown by the list commands)."""
    from xieshang.negotiation.models import AgreedPayment, Agreement, Contact, Offer

    found: dict[str, tuple[Any, str, str, str]] = {
        "contact": (Contact.objects.filter(case=case), "联系记录", "contact", "contact list"),
        "offer": (Offer.objects.filter(case=case), "方案", "offer", "offer list"),
        "agreement": (Agreement.objects.filter(case=case), "协议", "agreement", "agreement list"),
        "payment": (
            AgreedPayment.objects.filter(agreement__case=case),
            "协议还款",
            "agreed payment",
            "agreement list",
        ),
    }
    rows, zh, en, command = found[kind]
    item = rows.filter(pk=pk).first()
    if item is None:
        raise InputError(
            f"案件 {case.name} 中没有编号为 {pk} 的{zh}（编号见 xieshang {command} {case.name}）",
            f"case {case.name} has no {en} no. {pk} (numbers are shown by xieshang {command} {case.name})",
        )
    return item


def day(value: str | None, option: str) -> date | None:
    return parse_date_option(value, option)


def today(ctx: CliContext, on: str | None = None) -> date:
    """--on, else the run's today (tests fix it), else today in the workbench's time zone."""
    from django.utils import timezone

    return day(on, "--on") or ctx.env.today or timezone.localdate()


def now(ctx: CliContext) -> datetime:
    """Now, to the minute, in the workbench's time zone (on the run's today when tests fix it)."""
    from django.utils import timezone

    moment = timezone.localtime().replace(second=0, microsecond=0)
    if ctx.env.today is not None and ctx.env.today != moment.date():
        moment = moment.replace(year=ctx.env.today.year, month=ctx.env.today.month, day=ctx.env.today.day)
    return moment


def moment(value: str | None, option: str, ctx: CliContext) -> datetime:
    """ "YYYY-MM-DD HH:MM" in the workbench's time zone (an explicit offset is kept); None → now."""
    if value is None:
        return now(ctx)
    from django.utils import timezone

    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(
            f'{option}：时间格式应为 "YYYY-MM-DD HH:MM"，实际为 {value!r}',
            f'{option}: expected "YYYY-MM-DD HH:MM", got {value!r}',
        ) from exc
    day(parsed.date().isoformat(), option)  # the same range of dates as every other option
    return parsed if parsed.tzinfo is not None else timezone.make_aware(parsed)


def amount(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    parsed = parse_amount(value)
    if parsed is None:
        raise InputError(
            f"{option}：不是有效金额（最多两位小数）：{value!r}",
            f"{option}: not an amount (at most two decimals): {value!r}",
        )
    return parsed


def percent(value: str | None, option: str) -> Decimal | None:
    """A yearly rate given in percent (18 = 18 %), as the web form takes it; returned as a fraction."""
    if value is None:
        return None
    parsed = to_decimal(value.strip().rstrip("%"))
    if parsed is None or not Decimal(0) <= parsed <= Decimal(1000):
        raise InputError(
            f"{option}：年利率按百分数填写，0 到 1000 之间（18 表示 18%），实际为 {value!r}",
            f"{option}: the yearly rate in percent, 0 to 1000 (18 means 18%), got {value!r}",
        )
    return parsed / Decimal(100)


def word(ctx: CliContext, key: str) -> str:
    zh, en = STATUS_WORDS.get(key, (key, key))
    return ctx.t(zh, en)


def label(choices: Any, value: str) -> str:
    """The model's own label of a choice, in the active language."""
    return str(dict(choices.choices).get(value, value)) if value else ""


def cell(value: object) -> Text:
    """Table cells show the user's text as typed (no Rich markup)."""
    return Text("" if value is None else str(value))


def _m(value: Decimal | None) -> str | None:
    return None if value is None else money(value)


def _d(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _local(value: datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(value).isoformat()


def contact_json(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "debt": c.debt.key if c.debt_id and c.debt else None,
        "lender": c.lender_name,
        "channel": c.channel,
        "direction": c.direction,
        "at": _local(c.occurred_at),
        "person": c.person,
        "staff_number": c.staff_number,
        "said": c.said,
        "promise": c.promise,
        "promise_by": c.promise_by or None,
        "promise_due": _d(c.promise_due),
        "follow_up_on": _d(c.follow_up_on),
        "follow_up_done": c.follow_up_done,
    }


def offer_json(o: Any, on: date) -> dict[str, Any]:
    return {
        "id": o.pk,
        "debt": o.debt.key if o.debt_id and o.debt else None,
        "lender": o.lender_name or None,
        "proposed_by": o.proposed_by,
        "proposed_on": _d(o.proposed_on),
        "kind": o.kind,
        "amount": _m(o.amount),
        "months": o.months,
        "annual_rate": None if o.annual_rate is None else rate(o.annual_rate),
        "monthly_payment": _m(o.monthly_payment),
        "total_payable": _m(o.total_payable),
        "waived_amount": _m(o.waived_amount),
        "first_due_date": _d(o.first_due_date),
        "terms": o.terms,
        "valid_until": _d(o.valid_until),
        "status": o.status_on(on),
        "decided_on": _d(o.decided_on),
        "responds_to": o.responds_to_id,
        "contact": o.contact_id,
    }


def payment_json(p: Any, status: str) -> dict[str, Any]:
    return {
        "id": p.pk,
        "n": p.n,
        "due_date": _d(p.due_date),
        "principal": money(p.principal),
        "interest": money(p.interest),
        "amount": money(p.amount),
        "paid_on": _d(p.paid_on),
        "paid_amount": _m(p.paid_amount),
        "proof": p.proof_note,
        "status": status,
    }


def agreement_json(overview: Any) -> dict[str, Any]:
    a = overview.agreement
    return {
        "id": a.pk,
        "debt": a.debt.key if a.debt_id and a.debt else None,
        "lender": a.lender_name,
        "offer": a.offer_id,
        "agreed_on": _d(a.agreed_on),
        "kind": a.kind,
        "amount": money(a.amount),
        "months": a.months,
        "annual_rate": rate(a.annual_rate),
        "first_due_date": _d(a.first_due_date),
        "waived_amount": _m(a.waived_amount),
        "terms": a.terms,
        "confirmation": a.confirmation_note,
        "state": overview.state,
        "total_due": money(overview.total_due),
        "paid_total": money(overview.paid_total),
        "remaining": money(overview.remaining),
        "payments": [payment_json(r.payment, str(r.status)) for r in overview.rows],
    }


def require_terms(given: dict[str, Any]) -> None:
    """An agreement needs a kind, an amount and a first due date: from its offer or from the options."""
    missing = [
        option
        for key, option in (("kind", "--kind"), ("amount", "--amount"), ("first_due_date", "--first-due"))
        if given.get(key) in (None, "")
    ]
    if missing:
        raise InputError(
            f"协议缺少：{'、'.join(missing)}（可用 --offer 从方案带入）",
            f"the agreement needs {', '.join(missing)} (or --offer to take them from an offer)",
        )
