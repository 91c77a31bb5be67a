"""The letters say only what is true of the case: nothing about arrears that do not exist, no claim the
facts do not support, the right addressee for the lender type, footnotes numbered as the text reads."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from tests.unit.documents.e1_facts import E1_FIGURES, OVER_36, e1_debt, e1_facts
from xieshang.core.errors import InputError
from xieshang.documents.fill import fill
from xieshang.documents.render_text import render_text
from xieshang.documents.templates import LETTER_KINDS, load_file_template

TODAY = date(2026, 11, 28)
# A loan paid as agreed so far: nothing overdue, no penalty, payoff = principal + interest to date.
CURRENT = {
    **{k: D("0.00") for k in E1_FIGURES},
    "outstanding_principal": D("27888.84"),
    "payoff_now": D("28265.34"),
    "paid_total": D("2995.44"),
}


def letter(kind: str, **debt_changes: object) -> str:
    facts = e1_facts(debts=(e1_debt(**debt_changes),))
    return render_text(fill(load_file_template(kind), facts, today=TODAY))


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_a_loan_not_overdue_is_never_called_overdue(kind: str) -> None:
    text = letter(kind, figures=CURRENT, dpd=0, settlement_waiving_penalties=D("28265.34"))
    body = text.split("依据：")[0]
    assert "已逾期" not in body and "逾期0天" not in body and "0天" not in body
    assert "罚息将增加约0.00元" not in body and "多出约0.00元" not in body
    assert "27,888.84" in body  # the outstanding principal is still stated
    # a "settlement" equal to the payoff waives nothing: no such offer
    assert "扣除罚息和违约金后的28,265.34元" not in body and "扣除罚息和违约金是" not in body


def test_the_hardship_letter_states_payments_made_not_a_perfect_record() -> None:
    text = letter("hardship")
    assert "一直按约还款" not in text
    assert "已向贵方还款合计11,001.60元" in text
    none_paid = letter("hardship", figures={**E1_FIGURES, "paid_total": D("0.00")})
    assert "已向贵方还款合计" not in none_paid and "无法按原计划足额还款" in none_paid


def test_no_hardship_reason_still_reads_as_a_sentence() -> None:
    facts = e1_facts(hardships=())
    for kind in ("installment_request", "waiver_request", "call_script"):
        text = render_text(fill(load_file_template(kind), facts, today=TODAY))
        assert "因，" not in text and "困难是。" not in text and "因导致" not in text, kind


@pytest.mark.parametrize(
    ("lender_type", "to", "hotline", "copy"),
    [
        ("bank", "国家金融监督管理总局", "12378", ""),
        ("credit_card", "国家金融监督管理总局", "12378", ""),
        ("consumer_finance", "国家金融监督管理总局", "12378", ""),
        ("online_lender", "国家金融监督管理总局", "12378", "12315"),
        ("microloan", "地方金融管理部门", "12378", ""),
        ("private", "当地公安机关", "110", ""),
    ],
)
def test_the_complaint_goes_to_the_regulator_of_the_lender_type(
    lender_type: str, to: str, hotline: str, copy: str
) -> None:
    text = letter("complaint", lender_type=lender_type)
    assert f"致：{to}（{hotline}）" in text
    cc = [x for x in text.splitlines() if x.startswith("抄送：")]
    assert (cc[0] if cc else "").find(copy) >= 0 if copy else not cc
    if lender_type == "private":  # no bank complaint rules for a private lender; the criminal law instead
        assert "第二百九十三条之一" in text and "银行业保险业消费投诉处理管理办法" not in text
    else:
        assert "第二百九十三条之一" not in text


def test_footnotes_are_numbered_in_reading_order() -> None:
    text = letter("complaint", lender_type="private", legal_flags=(OVER_36,))
    body, notes = text.split("依据：")
    marks = [int(n) for n in re.findall(r"\[(\d+)\]", body)]
    first_seen = list(dict.fromkeys(marks))
    assert first_seen == list(range(1, len(first_seen) + 1))
    assert [int(n) for n in re.findall(r"(?m)^\[(\d+)\]", notes)] == first_seen


def test_a_case_without_debts_is_a_clear_input_error() -> None:
    facts = e1_facts(debts=(), totals={})
    for kind in LETTER_KINDS:
        with pytest.raises(InputError, match="no debts yet") as raised:
            fill(load_file_template(kind), facts, today=TODAY)
        assert "没有录入任何债务" in raised.value.message_zh
