"""A letter to one lender shows that lender's debt only; the hardship packet shows them all and says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from tests.unit.documents.e1_facts import E1_FIGURES, e1_debt, e1_facts
from xieshang.documents.fill import fill
from xieshang.documents.packet import hardship_packet
from xieshang.documents.render_text import render_text
from xieshang.documents.templates import LETTER_KINDS, load_file_template

TODAY = date(2026, 11, 28)
CARD_FIGURES = {**E1_FIGURES, "total_due_now": D("20335.90"), "outstanding_principal": D("19410.00")}


def two_debts():  # type: ignore[no-untyped-def]
    card = e1_debt(id="cmb", lender="招商银行信用卡", lender_type="credit_card", figures=CARD_FIGURES)
    return e1_facts(debts=(e1_debt(), card))


def test_hardship_letter_to_one_lender_does_not_name_the_others() -> None:
    text = render_text(fill(load_file_template("hardship"), two_debts(), today=TODAY, debt_id="jt360"))
    assert "招商银行信用卡" not in text and "20,335.90" not in text.split("此外")[0]
    assert "7,660.08" in text  # this lender's own figures
    # the rest of the burden in one sentence: the card's figures, no creditor's name
    assert "在其他机构另有1笔欠款，剩余本金合计19,410.00元，当前应还合计20,335.90元" in text


def test_no_letter_to_one_lender_names_another_creditor() -> None:
    for kind in LETTER_KINDS:
        text = render_text(fill(load_file_template(kind), two_debts(), today=TODAY, debt_id="cmb"))
        assert "360借条" not in text, kind


def test_single_debt_letter_has_no_other_debts_sentence() -> None:
    text = render_text(fill(load_file_template("hardship"), e1_facts(), today=TODAY))
    assert "其他机构" not in text


def test_hardship_packet_lists_every_debt_and_says_so() -> None:
    text = render_text(hardship_packet(two_debts(), today=TODAY))
    assert "360借条" in text and "招商银行信用卡" in text
    assert "全部 2 笔欠款" in text
