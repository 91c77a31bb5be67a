"""Case files with credit cards (`method = "revolving"`) and `[[debts.agreements]]` (spec case-file.md):
the keys read exactly, defaults resolved, every error naming its exact place in zh and en, round-trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import tomli_w

from xieshang.core.casefile import (
    CaseFile,
    CaseFileError,
    case_file_to_data,
    parse_case_data,
    parse_case_text,
)

HEAD = """
[borrower]
name = "张三"
monthly_income = "5000"
monthly_essential_expenses = "3000"
"""
CARD = """
[[debts]]
id = "cmb"
lender = "招商银行信用卡"
lender_type = "credit_card"
method = "revolving"
statement_date = 2026-08-05
statement_balance = "30000.00"
daily_rate = "0.0005"
"""
LOAN = """
[[debts]]
id = "a"
lender = "L"
lender_type = "bank"
principal = "1000.00"
annual_rate = "0.12"
method = "equal_installment"
term_months = 6
start_date = 2026-01-31
"""
AGREEMENT = """
[[debts.agreements]]
date = 2026-12-05
kind = "installments"
amount = "900.00"
months = 12
"""


def parse(debt: str) -> CaseFile:
    return parse_case_text(HEAD + debt)


def error(debt: str) -> CaseFileError:
    with pytest.raises(CaseFileError) as info:
        parse(debt)
    return info.value


def test_c1_card_is_read_exactly(c1: CaseFile) -> None:
    card = c1.debts[0]
    assert card.is_revolving and card.method == "revolving" and card.revolving is not None
    assert card.revolving.statement_date == card.start_date == date(2026, 8, 5)
    assert card.revolving.statement_balance == card.principal == Decimal("20000.00")
    assert card.revolving.due_days == 20 and card.grace_days == 3
    assert card.revolving.min_payment_percent == Decimal("0.10") and card.revolving.late_fee_min == 0
    assert card.late_fee_percent == Decimal("0.05")
    assert card.daily_rate == Decimal("0.0005") and card.annual_rate == Decimal("0.18")
    assert card.penalty_annual_rate == card.annual_rate and card.term_months is None


def test_card_defaults() -> None:
    card = parse(CARD).debts[0]
    assert card.revolving is not None
    assert (card.revolving.due_days, card.grace_days, card.day_basis) == (20, 0, 360)
    assert card.revolving.min_payment_percent == Decimal("0.10")
    assert card.late_fee_percent == Decimal("0.05") and card.revolving.late_fee_min == 0


def test_a1_agreement_is_read_with_its_defaults(a1: CaseFile) -> None:
    (agreement,) = a1.debts[0].agreements
    assert agreement.date == date(2026, 12, 1) and agreement.kind == "installments"
    assert agreement.amount == Decimal("10920.72") and agreement.months == 12
    assert agreement.method == "equal_installment" and agreement.annual_rate == 0
    assert agreement.first_due == date(2027, 1, 1)  # default: date + 1 month
    assert agreement.due is None and agreement.penalty_annual_rate == 0 and agreement.breaks_after_days == 0


def test_settlement_and_every_agreement_key() -> None:
    debt = (
        LOAN
        + AGREEMENT.replace('"900.00"', '"900.00"\nmethod = "fee_installment"\nannual_rate = "0.072"')
        + 'first_due = 2027-01-31\npenalty_annual_rate = "0.1"\nbreaks_after_days = 30\n'
        + '[[debts.agreements]]\ndate = 2027-03-01\nkind = "settlement"\namount = "500"\ndue = 2027-03-20\n'
    )
    first, second = parse(debt).debts[0].agreements
    assert first.method == "fee_installment" and first.annual_rate == Decimal("0.072")
    assert first.first_due == date(2027, 1, 31) and first.breaks_after_days == 30
    assert first.penalty_annual_rate == Decimal("0.1")
    assert second.is_settlement and second.due == date(2027, 3, 20) and second.months is None


def test_round_trip_of_cards_and_agreements(c1: CaseFile, a1: CaseFile) -> None:
    settled = parse(
        CARD
        + '[[debts.agreements]]\ndate = 2026-12-01\nkind = "settlement"\namount = "9000"\ndue = 2026-12-31\n'
    )
    for case in (c1, a1, settled, parse(CARD.replace('daily_rate = "0.0005"', 'annual_rate = "0.18"'))):
        data = case_file_to_data(case)
        assert parse_case_data(data) == case
        assert parse_case_text(tomli_w.dumps(data)) == case
    card_keys = set(case_file_to_data(c1)["debts"][0])
    assert "principal" not in card_keys and "start_date" not in card_keys and "statement_date" in card_keys


@pytest.mark.parametrize(
    ("change", "place", "en"),
    [
        ('principal = "100"', "debts[0].principal", "not allowed with method revolving"),
        ("term_months = 12", "debts[0].term_months", "not allowed with method revolving"),
        ("start_date = 2026-08-05", "debts[0].start_date", "not allowed with method revolving"),
        ("due_days = 26", "debts[0].due_days", "between 1 and 25"),
        ("due_days = 0", "debts[0].due_days", "between 1 and 25"),
        ("due_days = 25\ngrace_days = 3", "debts[0].grace_days", "at most 27"),
        ('min_payment_percent = "1.5"', "debts[0].min_payment_percent", "0 … 1"),
        ('late_fee_min = "-1"', "debts[0].late_fee_min", "non-negative amount"),
        ('annual_rate = "0.18"', "debts[0].daily_rate", "together with annual_rate"),
        ('statement_balance = "0"', "debts[0].statement_balance", "positive amount"),
        (
            '[[debts.payments]]\ndate = 2026-08-05\namount = "100"',
            "debts[0].payments[0].date",
            "after the statement date 2026-08-05",
        ),
        (
            '[[debts.agreements]]\ndate = 2026-08-05\nkind = "settlement"\namount = "1"\ndue = 2026-09-01',
            "debts[0].agreements[0].date",
            "after the statement date",
        ),
    ],
)
def test_bad_card_values_name_their_place(change: str, place: str, en: str) -> None:
    key = change.split(" = ")[0]
    card = "\n".join(row for row in CARD.splitlines() if not row.startswith(key + " = ")) + "\n"
    err = error(card + change + "\n")
    assert err.place == place and err.message_en.startswith(place + ": ") and en in err.message_en
    assert err.message_zh.startswith(place + ": ") and err.message_zh != err.message_en


def test_a_card_needs_its_statement() -> None:
    assert error(CARD.replace("statement_date = 2026-08-05\n", "")).place == "debts[0].statement_date"
    assert error(CARD.replace('statement_balance = "30000.00"\n', "")).place == "debts[0].statement_balance"
    assert error(CARD.replace('daily_rate = "0.0005"\n', "")).place == "debts[0].annual_rate"


SECOND = '[[debts.agreements]]\ndate = 2027-01-05\nkind = "installments"\namount = "100"\n'


@pytest.mark.parametrize(
    ("extra", "place", "en"),
    [
        (SECOND + "months = 0", "debts[0].agreements[1].months", "between 1 and 600"),
        (SECOND + "months = 601", "debts[0].agreements[1].months", "between 1 and 600"),
        (SECOND, "debts[0].agreements[1].months", "missing required key"),
        (
            SECOND.replace("2027-01-05", "2026-12-05") + "months = 3",
            "debts[0].agreements[1].date",
            "date order",
        ),
        (SECOND.replace('"100"', '"0"') + "months = 3", "debts[0].agreements[1].amount", "positive amount"),
        (
            SECOND + "months = 3\ndue = 2027-02-01",
            "debts[0].agreements[1].due",
            "only allowed with kind settlement",
        ),
        (SECOND + 'months = 3\nmethod = "bullet"', "debts[0].agreements[1].method", "must be one of"),
        (
            SECOND + "months = 3\nfirst_due = 2027-01-05",
            "debts[0].agreements[1].first_due",
            "after the agreement",
        ),
        (SECOND + 'months = 3\nannual_rate = "12"', "debts[0].agreements[1].annual_rate", "between 0 and 10"),
        (
            SECOND + "months = 3\nbreaks_after_days = -1",
            "debts[0].agreements[1].breaks_after_days",
            "between 0",
        ),
        (SECOND + "months = 3\nnote = 1", "debts[0].agreements[1].note", "unknown key"),
        (SECOND.replace("installments", "haircut") + "months = 3", "debts[0].agreements[1].kind", "one of"),
        (
            SECOND.replace("installments", "settlement"),
            "debts[0].agreements[1].due",
            "missing required key",
        ),
        (
            SECOND.replace("installments", "settlement") + "due = 2027-01-05",
            "debts[0].agreements[1].due",
            "after the agreement date",
        ),
        (
            SECOND.replace("installments", "settlement") + "due = 2027-02-05\nmonths = 2",
            "debts[0].agreements[1].months",
            "only allowed with kind installments",
        ),
    ],
)
def test_bad_agreements_name_their_place(extra: str, place: str, en: str) -> None:
    err = error(LOAN + AGREEMENT + extra + "\n")
    assert err.place == place and err.message_en.startswith(place + ": ") and en in err.message_en
    assert err.message_zh.startswith(place + ": ") and err.message_zh != err.message_en


def test_an_agreement_must_follow_the_start_date() -> None:
    err = error(LOAN + AGREEMENT.replace("2026-12-05", "2026-01-31"))
    assert err.place == "debts[0].agreements[0].date" and "after the start date 2026-01-31" in err.message_en
    assert "放款日" in err.message_zh


def test_fee_installment_is_a_loan_method() -> None:
    debt = parse(LOAN.replace("equal_installment", "fee_installment")).debts[0]
    assert debt.method == "fee_installment" and not debt.is_revolving


SPEC_CARD = """
[[debts]]
id = "cmb"
lender = "招商银行信用卡"
lender_type = "credit_card"
method = "revolving"
statement_date = 2026-08-05        # 账单日 of a statement the borrower has
statement_balance = "30000.00"     # 本期应还金额 on it
due_days = 20                      # 到期还款日 = statement date + due_days (default 20)
daily_rate = "0.0005"              # 透支利率 万五 (or annual_rate)
min_payment_percent = "0.10"       # 最低还款额 share of principal (default 0.10)
late_fee_percent = "0.05"          # 违约金 × unpaid part of the minimum (default 0.05)
late_fee_min = "0"                 # least 违约金 when one is charged (default 0)
grace_days = 3                     # 还款宽限期 (default 0)

[[debts.agreements]]
date = 2026-12-05                  # in force from this day
kind = "installments"              # installments | settlement
amount = "10920.72"                # what the agreement makes payable
months = 12                        # installments only
method = "equal_installment"       # default; equal_principal | interest_first | fee_installment
annual_rate = "0"                  # agreed rate (default 0)
first_due = 2027-01-05             # default: date + 1 month
# due = 2026-12-20                 # settlement only: required, after date
penalty_annual_rate = "0"          # on a missed agreed instalment (default 0)
breaks_after_days = 30             # 0 = never (default); else the agreement breaks, waived amounts revive
"""


def test_the_spec_examples_read_as_written() -> None:
    """The card and agreement blocks of spec case-file.md, verbatim (comments included)."""
    card = parse(SPEC_CARD).debts[0]
    assert card.revolving is not None and card.revolving.statement_balance == Decimal("30000.00")
    (agreement,) = card.agreements
    assert agreement.first_due == date(2027, 1, 5) and agreement.breaks_after_days == 30
