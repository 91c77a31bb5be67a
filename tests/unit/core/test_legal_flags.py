"""Legal flags: codes, values, thresholds, sources and confidence marks from the knowledge data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from xieshang.core.casefile import CaseFile, DebtTerms
from xieshang.core.legal import LegalFlag
from xieshang.core.lpr import LprTable
from xieshang.core.rules import RuleBook
from xieshang.core.status import assess_debt

D = Decimal


def flags(terms: DebtTerms, knowledge: tuple[LprTable, RuleBook]) -> dict[str, LegalFlag]:
    result = assess_debt(terms, terms.start_date, *knowledge)
    return {f.code: f for f in result.legal_flags}


@pytest.fixture
def private(e1: CaseFile) -> DebtTerms:
    return replace(e1.debts[0], lender_type="private")


def test_private_over_4x_lpr(private: DebtTerms, knowledge: tuple[LprTable, RuleBook]) -> None:
    # Start 2026-01-15: LPR 3.00 % (from 2025-05-20) → cap 12 %; APR 18.0001 %, penalty 27 %.
    raised = flags(private, knowledge)
    assert set(raised) == {"private_over_4x_lpr", "private_penalty_over_4x_lpr"}
    flag = raised["private_over_4x_lpr"]
    assert (flag.value, flag.threshold, flag.unit) == (D("0.180001"), D("0.1200"), "rate")
    assert flag.confidence == "verified" and "第二十五条" in flag.source and "2020-12-29" in flag.source
    assert raised["private_penalty_over_4x_lpr"].value == D("0.27")
    assert "2025-05-20" in flag.note_zh and "valid" not in flag.note_en


def test_lpr_in_force_on_the_start_date(private: DebtTerms, knowledge: tuple[LprTable, RuleBook]) -> None:
    low = replace(
        private,
        annual_rate=D("0.15"),
        daily_rate=None,
        penalty_annual_rate=D("0.15"),
        start_date=date(2021, 6, 1),
        payments=(),
    )
    # 2021-06-01: LPR 3.85 % → cap 15.40 %: 15 % is below it.
    assert flags(low, knowledge) == {}
    later = replace(low, start_date=date(2025, 6, 1))  # LPR 3.00 % → cap 12 %
    assert set(flags(later, knowledge)) == {"private_over_4x_lpr", "private_penalty_over_4x_lpr"}


def test_start_after_the_table_says_so(private: DebtTerms, knowledge: tuple[LprTable, RuleBook]) -> None:
    lpr, _ = knowledge
    late = replace(private, start_date=date(2026, 9, 1), payments=())
    flag = flags(late, knowledge)["private_over_4x_lpr"]
    assert flag.threshold == D("0.1200")
    assert lpr.valid_through.isoformat() in flag.note_zh and "last known value" in flag.note_en


def test_old_private_loans_use_24_and_36(private: DebtTerms, knowledge: tuple[LprTable, RuleBook]) -> None:
    old = replace(private, annual_rate=D("0.40"), daily_rate=None, start_date=date(2019, 3, 1), payments=())
    raised = flags(old, knowledge)
    assert set(raised) == {"over_24", "over_36"}
    assert raised["over_24"].confidence == "quoted" and "2015" in raised["over_24"].source


def test_licensed_lenders_24_is_unconfirmed(e1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    dear = replace(
        e1.debts[0], upfront_fee=D("1500"), fee_per_installment=D("20"), lender_type="consumer_finance"
    )
    raised = flags(dear, knowledge)
    assert set(raised) == {"upfront_deduction", "over_24", "consumer_finance_non_interest_fee"}
    assert raised["over_24"].confidence == "unconfirmed"
    assert raised["over_24"].rule.hedged_text("zh").startswith("可能（未证实）")
    assert raised["upfront_deduction"].value == D("1500") and raised["upfront_deduction"].unit == "money"
    assert raised["consumer_finance_non_interest_fee"].value == D("1500") + 12 * D("20")
    assert raised["upfront_deduction"].source.startswith("中华人民共和国民法典 第六百七十条")


def test_over_36(e1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    dear = replace(e1.debts[0], annual_rate=D("0.36"), daily_rate=None, fee_per_installment=D("50"))
    raised = flags(dear, knowledge)
    assert {"over_24", "over_36"} <= set(raised)
    assert raised["over_36"].threshold == D("0.36") and raised["over_36"].confidence == "quoted"
    # The threshold is compared with the APR as reported (6 decimals): 36 % nominal gives 0.360000 (not above).
    at_36 = replace(e1.debts[0], annual_rate=D("0.36"), daily_rate=None)
    assert "over_36" not in flags(at_36, knowledge) and "over_24" in flags(at_36, knowledge)
    below = replace(e1.debts[0], annual_rate=D("0.2399"), daily_rate=None)
    assert flags(below, knowledge) == {}


@pytest.mark.parametrize(
    ("start", "cap", "effective"),
    [
        (date(2025, 5, 19), D("0.1240"), date(2024, 10, 21)),  # the day before a publication: the old rate
        (date(2025, 5, 20), D("0.1200"), date(2025, 5, 20)),  # the publication day itself: the new rate
        (date(2020, 8, 20), D("0.1540"), date(2020, 4, 20)),  # first day of the 4 × LPR rule
    ],
)
def test_the_lpr_in_force_on_the_start_date_day_by_day(
    private: DebtTerms, knowledge: tuple[LprTable, RuleBook], start: date, cap: D, effective: date
) -> None:
    terms = replace(private, start_date=start, payments=())
    flag = flags(terms, knowledge)["private_over_4x_lpr"]
    assert (
        flag.threshold == cap
        and effective.isoformat() in flag.note_zh
        and effective.isoformat() in flag.note_en
    )


def test_private_scope_starts_on_2020_08_20(private: DebtTerms, knowledge: tuple[LprTable, RuleBook]) -> None:
    dear = replace(
        private, annual_rate=D("0.30"), daily_rate=None, penalty_annual_rate=D("0.30"), payments=()
    )
    before = flags(replace(dear, start_date=date(2020, 8, 19)), knowledge)
    after = flags(replace(dear, start_date=date(2020, 8, 20)), knowledge)
    assert set(before) == {"over_24"} and before["over_24"].rule.id == "private_old_24_36"
    assert set(after) == {"private_over_4x_lpr", "private_penalty_over_4x_lpr"}


def test_over_36_on_a_new_private_loan_says_the_notice_is_for_institutions(
    private: DebtTerms, knowledge: tuple[LprTable, RuleBook]
) -> None:
    dear = replace(private, annual_rate=D("0.40"), daily_rate=None, payments=())
    flag = flags(dear, knowledge)["over_36"]
    assert "4 × LPR" in flag.note_en and "放贷机构" in flag.note_zh
    assert flag.title("zh") == "年化利率超过 36%" and flag.title("en") == "annualised rate above 36 %"


def _at_24(principal: str, rate: str = "0.24") -> DebtTerms:
    from tests.property.strategies import to_terms

    return to_terms(
        {
            "id": "d",
            "lender": "L",
            "lender_type": "online_lender",
            "principal": principal,
            "annual_rate": rate,
            "method": "equal_installment",
            "term_months": 12,
            "start_date": date(2026, 1, 15),
        }
    )


def test_a_loan_at_24_percent_is_not_above_24_percent(knowledge: tuple[LprTable, RuleBook]) -> None:
    """Instalments rounded to the fen make the IRR 0.240004: shown as 24.00 %, it is not above 24 %."""
    terms = _at_24("1021.00")
    result = assess_debt(terms, terms.start_date, *knowledge)
    assert result.contract_apr is not None and result.contract_apr.simple == D("0.240004")
    assert "over_24" not in {f.code for f in result.legal_flags}


def test_a_rate_shown_above_24_percent_is_flagged(knowledge: tuple[LprTable, RuleBook]) -> None:
    terms = _at_24("10000.00", "0.2401")
    raised = flags(terms, knowledge)
    assert raised["over_24"].value > D("0.2400") and raised["over_24"].threshold == D("0.24")


def test_shown_rate_rounds_half_up_to_four_decimals() -> None:
    from xieshang.core.legal import shown_rate

    assert shown_rate(D("0.240004")) == D("0.2400")
    assert shown_rate(D("0.240050")) == D("0.2401")
    assert shown_rate(D("0.360049")) == D("0.3600")
