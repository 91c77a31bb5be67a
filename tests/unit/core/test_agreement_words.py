"""What an agreement changed, in words (zh first, en), as the reports show it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from xieshang.core.agreement_words import agreement_sentence, statement_sentence
from xieshang.core.casefile import CaseFile
from xieshang.core.lpr import LprTable
from xieshang.core.rules import RuleBook
from xieshang.core.status import assess_debt


def _a1(a1: CaseFile, **changes: object) -> CaseFile:
    debt = a1.debts[0]
    agreement = replace(debt.agreements[0], **changes)  # type: ignore[arg-type]
    return replace(a1, debts=(replace(debt, agreements=(agreement,)),))


def test_a1_in_words(a1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    case = _a1(a1, breaks_after_days=30)
    a = assess_debt(case.debts[0], date(2027, 2, 10), *knowledge)
    assert a.agreement is not None
    assert (
        agreement_sentence(a.agreement)
        == "协议后：每月 910.06 元，共 12 期，已还 1 期；减免 370.93 元；若逾期超过 30 天协议失效"
    )
    en = agreement_sentence(a.agreement, "en")
    assert en.startswith("after the agreement of 2026-12-01: 910.06 a month, 12 instalments, 1 paid")
    assert "370.93 waived" in en and "more than 30 days late" in en


def test_a_broken_agreement_in_words(a1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    case = _a1(a1, breaks_after_days=5)
    a = assess_debt(case.debts[0], date(2027, 2, 10), *knowledge)
    assert a.agreement is not None and a.agreement.broken_on == date(2027, 2, 7)
    words = agreement_sentence(a.agreement)
    assert "协议已于 2027-02-07 失效：减免的 370.93 元恢复计入" in words and "若逾期超过" not in words


def test_a_settlement_and_a_rate_in_words(a1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    settled = _a1(a1, kind="settlement", months=None, method=None, first_due=None, due=date(2026, 12, 31))
    a = assess_debt(settled.debts[0], date(2026, 12, 10), *knowledge)
    assert a.agreement is not None
    assert agreement_sentence(a.agreement).startswith(
        "协议后：2026-12-31 前一次性结清 10,920.72 元；减免 370.93 元"
    )
    fee = _a1(a1, method="fee_installment", annual_rate=Decimal("0.072"))
    b = assess_debt(fee.debts[0], date(2027, 2, 10), *knowledge)
    assert b.agreement is not None and b.agreement.apr is not None
    words = agreement_sentence(b.agreement)
    assert "每月 975.58 元" in words  # q(10,920.72/12) + q(10,920.72 × 0.006) = 910.06 + 65.52
    assert "约定年利率 7.20%（IRR 年化 13." in words


def test_a_card_statement_in_words(c1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    a = assess_debt(c1.debts[0], date(2026, 11, 28), *knowledge)
    assert a.card is not None and a.status.minimum_payment_due is not None
    assert statement_sentence(a.card, a.status.minimum_payment_due) == (
        "最近账单日 2026-11-05（到期还款日 2026-11-25）：最低还款额 2,730.38 元，尚需还 2,730.38 元"
    )
