"""The negotiation record for the dossier: what the borrower wrote down (contacts with 工号 and promises,
offers and counter-offers, agreements, each agreed payment with its proof), marked as entered by the user,
each with the ledger entry written when it was entered (`negotiation.ledger_notes`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any
from zoneinfo import ZoneInfo

from xieshang.cases.models import Case
from xieshang.documents.dossier import LedgerLine
from xieshang.documents.facts import NegotiationFacts
from xieshang.documents.model import Table

CHANNEL_ZH = {
    "phone": "电话",
    "app": "APP/在线客服",
    "sms": "短信",
    "email": "电子邮件",
    "wechat": "微信",
    "in_person": "当面",
    "letter": "信函",
}
PARTY_ZH = {"borrower": "借款人", "lender": "出借方"}
TERMS_ZH = {
    "installments": "分期",
    "waiver": "减免",
    "extension": "延期",
    "settlement": "一次性结清",
    "other": "其他",
}
STATUS_ZH = {
    "proposed": "待答复",
    "accepted": "已接受",
    "rejected": "已拒绝",
    "countered": "已还价",
    "expired": "已过期",
}
CSV_HEADER = ("时间", "事项", "内容（用户录入）", "台账编号", "证据")


def _m(value: Decimal | None) -> str:
    from xieshang.core.money import fmt_money_grouped

    return fmt_money_grouped(value) if value is not None else ""


def _pct(rate: Decimal | None) -> str:
    from xieshang.core.money import fmt_percent

    return f"{fmt_percent(rate)}%" if rate is not None else ""


def _at(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def _date_only(when: datetime) -> bool:
    return (when.hour, when.minute, when.second) == (0, 0, 0)


def _join(parts: Iterable[str]) -> str:
    return "；".join(p for p in parts if p)


def _notes(ledger: Sequence[LedgerLine]) -> dict[tuple[str, int], int]:
    """(item kind, id) → the seq of the latest ledger entry written for it."""
    out: dict[tuple[str, int], int] = {}
    for line in ledger:
        if line.kind != "annotation":
            continue
        data = json.loads(line.payload).get("data", {})
        what, item = data.get("negotiation"), data.get("id")
        if isinstance(what, str) and isinstance(item, int):
            out[(what, item)] = line.seq
    return out


def _terms(o: Any) -> str:
    parts = [TERMS_ZH.get(o.kind, o.kind)]
    if o.amount is not None:
        parts.append(f"金额 {_m(o.amount)} 元")
    if getattr(o, "months", None):
        parts.append(f"{o.months} 期")
    if o.annual_rate is not None:
        parts.append(f"年利率 {_pct(o.annual_rate)}")
    if getattr(o, "monthly_payment", None) is not None:
        parts.append(f"每月 {_m(o.monthly_payment)} 元")
    if getattr(o, "total_payable", None) is not None:
        parts.append(f"合计 {_m(o.total_payable)} 元")
    if o.waived_amount is not None:
        parts.append(f"减免 {_m(o.waived_amount)} 元")
    if o.first_due_date is not None:
        parts.append(f"首期 {o.first_due_date.isoformat()}")
    if o.terms:
        parts.append(f"条件：{o.terms}")
    return _join(parts)


def negotiation_facts(
    case: Case, refs: dict[str, str], ledger: Sequence[LedgerLine], tz: ZoneInfo
) -> list[NegotiationFacts]:
    """Every item of the case's negotiation record, in time order (items of one day in entry order)."""
    from xieshang.negotiation.models import AgreedPayment, Agreement, Contact, Offer

    notes = _notes(ledger)
    items: list[tuple[datetime, int, NegotiationFacts]] = []

    def add(when: datetime, order: int, fact: NegotiationFacts) -> None:
        items.append((when, order, fact))

    for c in Contact.objects.filter(case=case).select_related("debt").order_by("occurred_at", "id"):
        who = _join(
            [
                c.lender or (c.debt.lender if c.debt else ""),
                c.person,
                f"工号 {c.staff_number}" if c.staff_number else "",
            ]
        )
        promise = ""
        if c.promise:
            by = PARTY_ZH.get(c.promise_by, "")
            due = f"，期限 {c.promise_due.isoformat()}" if c.promise_due else ""
            promise = f"承诺（{by or '未注明谁'}{due}）：{c.promise}"
        direction = "去电/主动联系" if c.direction == "outgoing" else "来电/对方联系"
        summary = _join(
            [
                f"{CHANNEL_ZH.get(c.channel, c.channel)}，{direction}",
                who,
                f"内容：{c.said}",
                promise,
                f"下次跟进 {c.follow_up_on.isoformat()}" if c.follow_up_on else "",
            ]
        )
        when = c.occurred_at.astimezone(tz)
        add(when, c.pk, NegotiationFacts(when, "联系记录", summary, notes.get(("contact", c.pk))))
    for o in (
        Offer.objects.filter(case=case).select_related("debt", "responds_to").order_by("proposed_on", "id")
    ):
        what = "还价" if o.responds_to_id else "方案"
        lender = o.lender_name
        head = f"{PARTY_ZH.get(o.proposed_by, o.proposed_by)}提出" + (f"（{lender}）" if lender else "")
        answer = STATUS_ZH.get(o.status, o.status)
        if o.decided_on:
            answer += f"（{o.decided_on.isoformat()}）"
        summary = _join(
            [
                head,
                _terms(o),
                f"有效期至 {o.valid_until.isoformat()}" if o.valid_until else "",
                f"回应第 {o.responds_to_id} 号方案" if o.responds_to_id else "",
                f"状态：{answer}",
                f"编号 {o.pk}",
            ]
        )
        add(
            _at(o.proposed_on, tz),
            o.pk,
            NegotiationFacts(_at(o.proposed_on, tz), what, summary, notes.get(("offer", o.pk))),
        )
    for a in (
        Agreement.objects.filter(case=case)
        .select_related("debt", "confirmation_file")
        .order_by("agreed_on", "id")
    ):
        lender = a.lender or (a.debt.lender if a.debt else "")
        confirmation = a.confirmation_note
        ref = refs.get(a.confirmation_file.sha256, "") if a.confirmation_file is not None else ""
        summary = _join(
            [
                lender,
                _terms(a),
                f"书面确认：{confirmation}" if confirmation else "",
                f"确认文件见 {ref}" if ref else "",
                f"来自方案 {a.offer_id}" if a.offer_id else "",
            ]
        )
        when = _at(a.agreed_on, tz)
        add(when, a.pk, NegotiationFacts(when, "协议", summary, notes.get(("agreement", a.pk)), ref))
    paid = (
        AgreedPayment.objects.filter(agreement__case=case, paid_on__isnull=False)
        .select_related("proof_file")
        .order_by("paid_on", "n", "id")
    )
    for p in paid:
        ref = refs.get(p.proof_file.sha256, "") if p.proof_file is not None else ""
        summary = _join(
            [
                f"协议 {p.agreement_id} 第 {p.n} 期（应还 {_m(p.amount)} 元，{p.due_date.isoformat()} 到期）",
                f"已还 {_m(p.paid_amount)} 元",
                f"凭证：{p.proof_note}" if p.proof_note else "",
                f"凭证文件见 {ref}" if ref else "",
            ]
        )
        when = _at(p.paid_on, tz)  # type: ignore[arg-type]
        add(when, p.pk, NegotiationFacts(when, "协议还款", summary, notes.get(("agreed_payment", p.pk)), ref))
    # a date-only item (an offer, an agreement, a payment) comes after that day's timed contacts: an offer
    # made on the day of a call usually came out of it
    items.sort(key=lambda x: (x[0].date(), _date_only(x[0]), x[0], x[1]))
    return [fact for _, _, fact in items]


def negotiation_table(items: Sequence[NegotiationFacts]) -> Table:
    rows = tuple(
        (
            n.when.strftime("%Y-%m-%d %H:%M")
            if (n.when.hour, n.when.minute) != (0, 0)
            else n.when.date().isoformat(),
            n.what,
            n.summary,
            "" if n.ledger_seq is None else f"#{n.ledger_seq}",
            n.evidence_ref,
        )
        for n in items
    )
    return Table(
        headers=("时间", "事项", "内容（用户录入）", "台账", "证据"),
        rows=rows,
        caption="协商记录（由借款人录入，非导入的证据原件）",
        nowrap_columns=(0, 1, 3, 4),
    )


def negotiation_csv_rows(items: Sequence[NegotiationFacts]) -> Iterable[tuple[str, ...]]:
    yield CSV_HEADER
    for n in items:
        yield (
            n.when.isoformat(),
            n.what,
            n.summary,
            "" if n.ledger_seq is None else str(n.ledger_seq),
            n.evidence_ref,
        )


def write_negotiation_csv(items: Sequence[NegotiationFacts], out: IO[bytes]) -> None:
    from xieshang.documents.csv_tables import write_csv_rows

    write_csv_rows(negotiation_csv_rows(items), out)
