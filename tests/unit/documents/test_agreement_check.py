"""The agreement check finds exactly the art. 70 clauses an agreement states, whatever their order."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.documents.agreement_check import (
    AgreementTerms,
    Clause,
    check_agreement_terms,
    check_agreement_text,
    chinese_number,
)

# One sentence per clause, each written to state that clause and no other.
SENTENCES: dict[Clause, list[str]] = {
    Clause.BALANCE: ["截至签约日，欠款总额为人民币10,920.72元。", "双方确认剩余应还本息合计 8000.00 元。"],
    Clause.BALANCE_STRUCTURE: [
        "构成如下：本金10446.37元，利息474.35元。",
        "含本金 5000 元、手续费 120.50 元。",
    ],
    Clause.CYCLE: ["乙方分12期偿还。", "还款日为每月15日。", "分二十四期归还。"],
    Clause.AMOUNTS: ["每期应还910.06元。", "月供 1,001.21 元。"],
    Clause.FEES_INTEREST: ["协议期间停止计息。", "年费及其他费用不再收取。", "利息照常计收。"],
    Clause.BREACH: [
        "如乙方违约，甲方有权恢复原合同。",
        "乙方未按期还款的，本协议失效。",
        "违约责任见第五条。",
    ],
}
FILLER = ["甲方：某银行信用卡中心。", "乙方：李明。", "本协议一式两份。", "双方签字后生效。"]


@st.composite
def agreements(draw: st.DrawFn) -> tuple[set[Clause], str]:
    chosen = draw(st.sets(st.sampled_from(list(Clause))))
    parts = [draw(st.sampled_from(SENTENCES[c])) for c in chosen]
    parts += draw(st.lists(st.sampled_from(FILLER), max_size=4))
    return chosen, "".join(draw(st.permutations(parts)))


@settings(max_examples=150, deadline=None)
@given(agreements())
def test_finds_exactly_the_clauses_stated(case: tuple[set[Clause], str]) -> None:
    chosen, text = case
    result = check_agreement_text(text)
    assert set(result.present) == chosen
    assert set(result.missing) == set(Clause) - chosen
    assert result.complete == (chosen == set(Clause))


def test_full_agreement_is_complete_and_a_bare_one_names_every_gap() -> None:
    full = (
        "欠款总额为10920.72元，其中本金10446.37元、利息474.35元。乙方分12期偿还，每月15日还款，"
        "每期910.06元。协议期间停止计息，年费不再收取。乙方未按期还款的，甲方有权恢复原合同。签订后停止催收。"
    )
    result = check_agreement_text(full)
    assert result.complete and result.months == 12
    assert result.warnings == ()
    bare = check_agreement_text("同意你分期还款。")
    assert "每期还款金额" in bare.missing_text()
    assert "whether annual fee, interest and other fees continue to be charged" in bare.missing_text("en")
    assert [w.code for w in bare.warnings] == ["collection_stop_not_stated"]


def test_card_plan_over_five_years_is_flagged() -> None:
    assert [w.code for w in check_agreement_text("分72期还款，停止催收。").warnings] == ["term_over_5_years"]
    assert check_agreement_text("分72期还款，停止催收。", card=False).warnings == ()
    assert check_agreement_text("六年还清，停止催收。").months == 72
    assert check_agreement_text("分六十期，停止催收。").warnings == ()


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("12", "十", "十二", "二十四", "六十", "两", "一百", "几")] == [
        12,
        10,
        12,
        24,
        60,
        2,
        100,
        None,
    ]


def test_structured_terms() -> None:
    terms = AgreementTerms(
        balance=Decimal("10920.72"),
        balance_parts={"本金": Decimal("10446.37"), "利息": Decimal("474.35")},
        months=12,
        installment_amount=Decimal("910.06"),
        interest_continues=False,
        fees_continue=False,
        breach_terms="未按期还款的，恢复原合同。",
        collection_stops=True,
    )
    assert check_agreement_terms(terms).complete
    partial = check_agreement_terms(AgreementTerms(balance=Decimal("1"), months=12))
    assert set(partial.missing) == {
        Clause.BALANCE_STRUCTURE,
        Clause.AMOUNTS,
        Clause.FEES_INTEREST,
        Clause.BREACH,
    }
