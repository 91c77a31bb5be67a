"""What an agreement (or a card's statement) changed, said in words — the same sentence for the CLI report,
the web pages and letters (Chinese first, English available).

"协议后：每月 910.06 元，共 12 期，已还 1 期；减免 370.93 元；若逾期超过 30 天协议失效"
"""

from __future__ import annotations

from decimal import Decimal

from xieshang.core.agreements import AgreementStatus
from xieshang.core.money import fmt_money_grouped, fmt_percent
from xieshang.core.revolving import RevolvingResult


def _m(value: Decimal) -> str:
    return fmt_money_grouped(value)


def agreement_sentence(s: AgreementStatus, lang: str = "zh") -> str:
    """One sentence: the agreed payments, how many are paid, what was waived, when it breaks (or that it
    broke and what was revived)."""
    a, en = s.agreement, lang.startswith("en")
    rows = s.schedule
    parts: list[str] = []
    if a.is_settlement:
        assert a.due is not None
        parts.append(
            f"after the agreement of {a.date}: one payment of {_m(a.amount)} by {a.due}"
            if en
            else f"协议后：{a.due.isoformat()} 前一次性结清 {_m(a.amount)} 元"
        )
    else:
        level = len({r.total for r in rows}) == 1
        first = rows[0].total
        if en:
            pay = f"{_m(first)} a month" if level else f"{_m(first)} in the first month (amounts vary)"
            parts.append(
                f"after the agreement of {a.date}: {pay}, {s.installments_total} instalments, "
                f"{s.installments_paid} paid"
            )
        else:
            pay = f"每月 {_m(first)} 元" if level else f"首期 {_m(first)} 元（各期不同）"
            parts.append(f"协议后：{pay}，共 {s.installments_total} 期，已还 {s.installments_paid} 期")
        if a.annual_rate > 0:
            rate = fmt_percent(a.annual_rate)
            irr = "" if s.apr is None else fmt_percent(s.apr.simple)
            parts.append(
                f"agreed rate {rate} % (IRR {irr} %)" if en else f"约定年利率 {rate}%（IRR 年化 {irr}%）"
            )
    if s.waived > 0:
        parts.append(f"{_m(s.waived)} waived" if en else f"减免 {_m(s.waived)} 元")
    if s.broken_on is not None:
        parts.append(
            f"BROKEN on {s.broken_on}: the waived {_m(s.waived)} is owed again and the original penalty rate applies"
            if en
            else f"协议已于 {s.broken_on.isoformat()} 失效：减免的 {_m(s.waived)} 元恢复计入，按原罚息利率计收"
        )
    elif a.breaks_after_days > 0:
        days = a.breaks_after_days
        parts.append(
            f"the agreement breaks if a payment is more than {days} days late"
            if en
            else f"若逾期超过 {days} 天协议失效"
        )
    return ("; " if en else "；").join(parts)


def statement_sentence(card: RevolvingResult, minimum_due: Decimal, lang: str = "zh") -> str:
    """The latest statement in words: its date, due date, minimum and what is left of it."""
    if not card.statements:
        return ""
    last = card.statements[-1]
    if lang.startswith("en"):
        return (
            f"latest statement {last.date} (due {last.due_date}): minimum payment {_m(last.minimum)}, "
            f"{_m(minimum_due)} of it still to pay"
        )
    return (
        f"最近账单日 {last.date.isoformat()}（到期还款日 {last.due_date.isoformat()}）："
        f"最低还款额 {_m(last.minimum)} 元，尚需还 {_m(minimum_due)} 元"
    )
