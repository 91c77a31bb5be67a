"""Every letter kind, filled from E1 and rendered three ways, says the same names and figures."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.documents.e1_facts import OVER_24, OVER_36, e1_debt, e1_facts
from tests.unit.documents.probes import assert_real_cjk_glyphs, docx_east_asian_fonts, docx_text, pdf_text
from xieshang.core.errors import InputError
from xieshang.documents.facts import ProposalFacts
from xieshang.documents.fill import fill
from xieshang.documents.render_docx import render_docx
from xieshang.documents.render_pdf import render_pdf
from xieshang.documents.render_text import render_text
from xieshang.documents.templates import LETTER_KINDS, TemplateError, load_file_template, parse_template

TODAY = date(2026, 11, 28)
# What each kind must show of E1 (spec calculations.md), as the letters format money.
EXPECTED = {
    "hardship": ["困难情况说明", "5,200.00", "3,600.00", "1,600.00", "10,446.37", "7,660.08", "失业"],
    "installment_request": ["分期", "10,920.72", "910.06", "6,860.05", "474.35", "105"],
    "waiver_request": ["减免罚息", "325.68", "11,269.71", "10,944.03", "5.52"],
    "agreement_confirmation": ["还款协议确认函", "10,920.72", "910.06", "10,446.37", "第七十条"],
    "credit_objection": ["征信异议", "第二十五条", "11,001.60", "10,446.37", "12363"],
    "complaint": ["投诉信", "12378", "国家金融监督管理总局", "7,660.08"],
    "call_script": ["电话沟通话术", "首次沟通", "费用协商", "910.06", "11,269.71", "10,944.03", "5.52"],
}


def _doc(kind: str):  # type: ignore[no-untyped-def]
    return fill(load_file_template(kind), e1_facts(), today=TODAY)


@pytest.mark.parametrize("kind", LETTER_KINDS)
def test_text_docx_and_pdf_say_the_same(kind: str) -> None:
    doc = _doc(kind)
    expected = ["李明", "360借条", "2026年11月28日", *EXPECTED[kind]]
    text = render_text(doc)
    docx_bytes = render_docx(doc)
    pdf_bytes = render_pdf(doc)
    docx_plain = docx_text(docx_bytes)
    pdf_plain = pdf_text(pdf_bytes).replace("\n", "")
    for needle in expected:
        assert needle in text, f"text: {needle}"
        assert needle in docx_plain, f"docx: {needle}"
        assert needle in pdf_plain, f"pdf: {needle}"
    assert "不构成法律意见" in text and "不构成法律意见" in pdf_plain
    assert docx_east_asian_fonts(docx_bytes) == {"宋体"}
    assert pdf_bytes.startswith(b"%PDF-")
    assert_real_cjk_glyphs(pdf_bytes)


def test_pdf_is_deterministic() -> None:
    doc = _doc("waiver_request")
    assert render_pdf(doc) == render_pdf(doc)


def test_cited_rules_show_source_and_confidence() -> None:
    text = render_text(_doc("credit_objection"))
    assert "征信业管理条例 第二十五条" in text and "已核实" in text
    text = render_text(_doc("call_script"))  # cites an unconfirmed rule: hedged, never stated as law
    line = next(x for x in text.splitlines() if "付费中介" in x and x.startswith("["))
    assert "未证实" in line and "可能" in line


def test_legal_flags_are_worded_by_confidence() -> None:
    facts = e1_facts(debts=(e1_debt(legal_flags=(OVER_24, OVER_36)),))
    text = render_text(fill(load_file_template("waiver_request"), facts, today=TODAY))
    over24 = next(x for x in text.splitlines() if "30.00%" in x and "高于 24.00%" in x)
    assert "可能性提示" in over24  # unconfirmed: a possibility
    over36 = next(x for x in text.splitlines() if "42.00%" in x)
    assert "转引" in over36
    assert "法发〔2017〕22号" in text and "现金贷通知" in text


def test_no_proposal_and_no_hardship_use_the_guarded_wording() -> None:
    facts = e1_facts(debts=(e1_debt(proposal=None),), hardships=())
    text = render_text(fill(load_file_template("installment_request"), facts, today=TODAY))
    assert "具体期数和金额请贵方与申请人协商确定" in text and "910.06" not in text
    hardship = render_text(fill(load_file_template("hardship"), facts, today=TODAY))
    assert "收入减少、支出增加" in hardship


def test_agreement_text_from_the_lender_is_checked() -> None:
    extra = {"agreement_text": "同意分12期，每期910.06元。"}
    text = render_text(
        fill(load_file_template("agreement_confirmation"), e1_facts(), today=TODAY, extra=extra)
    )
    assert "以下内容尚未写明" in text
    assert "违约条款（未按期还款的后果）" in text
    assert "停止催收" in text


def test_template_may_not_write_its_own_figures() -> None:
    body = 'kind = "hardship"\ntitle = "说明"\n[[block]]\ntype = "paragraph"\ntext = "逾期 30 天"\n'
    with pytest.raises(TemplateError, match="figures"):
        parse_template(body, "test")


def test_template_names_are_checked() -> None:
    body = 'kind = "hardship"\ntitle = "说明"\n[[block]]\ntype = "paragraph"\ntext = "{borower_name}"\n'
    with pytest.raises(TemplateError, match="borower_name"):
        fill(parse_template(body, "test"), e1_facts(), today=TODAY)
    body = 'kind = "hardship"\ntitle = "说明"\n[[block]]\ntype = "paragraph"\ntext = "{proposal_total}"\n'
    facts = e1_facts(debts=(e1_debt(proposal=None),))
    with pytest.raises(InputError, match="proposal_total"):
        fill(parse_template(body, "test"), facts, today=TODAY)


def test_unknown_debt_is_an_input_error() -> None:
    with pytest.raises(InputError, match="jt360"):
        fill(load_file_template("hardship"), e1_facts(), today=TODAY, debt_id="nope")


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(amounts, min_size=12, max_size=12), st.integers(1, 400), st.sampled_from([3, 6, 12, 24, 36, 60])
)
def test_every_number_in_a_letter_comes_from_the_facts(values: list[Decimal], dpd: int, months: int) -> None:
    names = list(e1_debt().figures)
    figures = dict(zip(names, values, strict=False))
    proposal = ProposalFacts(
        months=months,
        annual_rate=Decimal("0"),
        base=values[10],
        monthly_payment=values[11],
        total_payable=values[10],
    )
    debt = e1_debt(figures=figures, dpd=dpd, proposal=proposal, settlement_waiving_penalties=values[0])
    facts = e1_facts(debts=(debt,))
    allowed = {f"{v:,.2f}" for v in values} | {str(dpd), str(months), "0.00%", "18.00%"}
    allowed |= {"20,000.00", "5,200.00", "3,600.00", "1,600.00", "7,660.08", "11,269.71"}  # case facts
    allowed |= {
        "12378",
        "12363",
        "12348",
        "12315",
        "110",
        "2026",
        "1",
        "11",
        "15",
        "28",
        "12",
        "2026-11-28",
    }  # dates, term, hotlines
    for kind in LETTER_KINDS:
        text = render_text(fill(load_file_template(kind), facts, today=TODAY))
        body = text.split("依据：")[0].replace("360借条", "")  # footnotes quote the rules' own text and dates
        body = re.sub(r"(?m)^\d+\. |\[\d+\]", "", body)  # list numbering, footnote marks
        for number in _NUMBER.findall(body):
            assert number.rstrip("%") in allowed or number in allowed, f"{kind}: {number} not from the facts"


def test_complaint_lists_only_the_findings_about_its_lender() -> None:
    from datetime import datetime

    from xieshang.documents.facts import FindingFacts

    def finding(lender: str, detail: str) -> FindingFacts:
        return FindingFacts(
            rule="hours.night",
            severity="medium",
            confidence="unconfirmed",
            source="自律公约",
            when=datetime(2026, 11, 20, 23, 30),
            detail=detail,
            lender=lender,
        )

    facts = e1_facts(
        findings=(finding("360借条", "深夜来电甲"), finding("借呗", "深夜来电乙"), finding("", "深夜来电丙"))
    )
    text = render_text(fill(load_file_template("complaint"), facts, today=TODAY))
    assert "深夜来电甲" in text and "深夜来电丙" in text and "深夜来电乙" not in text
    only_other = e1_facts(findings=(finding("借呗", "深夜来电乙"),))
    text = render_text(fill(load_file_template("complaint"), only_other, today=TODAY))
    assert "深夜来电乙" not in text and "投诉事实：____" in text


def test_the_glyph_check_fails_without_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """Negative control: with a Latin-only font the same letter draws no CJK glyph, and the check says so."""
    from pathlib import Path

    from xieshang.documents import render_pdf as pdf_module

    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.is_file():
        pytest.skip("DejaVu Sans not installed")
    monkeypatch.setenv("XIESHANG_CJK_FONT", str(latin))
    pdf_module._stylesheet.cache_clear()
    try:
        data = render_pdf(_doc("hardship"))
    finally:
        monkeypatch.delenv("XIESHANG_CJK_FONT")
        pdf_module._stylesheet.cache_clear()
    with pytest.raises(AssertionError):
        assert_real_cjk_glyphs(data)
    assert_real_cjk_glyphs(render_pdf(_doc("hardship")))  # and the packaged font again passes
