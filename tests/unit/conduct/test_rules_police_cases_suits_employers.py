"""Issue 16, round 11: a claim that a police case already exists is false legal process (a threat as well only
with arrest, jail or a visit); suits told as events; letters and calls to the employer. The texts are round 10's
misses (dev10.tsv) and paraphrases of them, never the round-11 held-out set's."""

from __future__ import annotations

import pytest

from xieshang.core.conduct import TextMatcher


def categories(matcher: TextMatcher, text: str, *, from_lender: bool = True) -> set[str]:
    return {h.rule.category for h in matcher.scan(text, from_lender=from_lender)}


@pytest.mark.parametrize(
    "text",
    [
        "我们已经报案了，经侦那边已经受理。",
        "你欠的钱已经转成刑事案件了。",
        "经侦大队已经对你立案侦查了，赶紧还钱争取从轻。",
        "【立案通知】您涉嫌合同诈骗一案已受理。",
        "你欠钱不还属于违法行为，我们已经报警了。",
        "你的资料已经上报经侦，很快就会立案。",
    ],
)
def test_a_claimed_police_case_is_false_legal_process_not_a_threat(matcher: TextMatcher, text: str) -> None:
    assert categories(matcher, text) == {"fake_legal_process"}


@pytest.mark.parametrize(
    "text",
    [
        "公安已经立案侦查，你等着被带走吧。",
        "已经立案了，警察随时上门抓你。",
        "准备好进局子吧，我们已经报警了。",
    ],
)
def test_a_claimed_police_case_with_arrest_is_both(matcher: TextMatcher, text: str) -> None:
    assert {"fake_legal_process", "threat"} <= categories(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "你这是骗贷，我们已经准备材料报案了。",
        "我们已经整理好报案材料，明早交给公安。",
        "再不还款我们将移交公安机关处理。",
    ],
)
def test_a_report_still_to_come_is_a_threat_only(matcher: TextMatcher, text: str) -> None:
    assert categories(matcher, text) == {"threat"}


@pytest.mark.parametrize(
    "text",
    [
        "他们说要去我单位闹，我已经报警了。",
        "我是经侦大队的，你欠款的事有人报案了。",
        "如遇暴力催收，您可以直接报警。",
    ],
)
def test_the_writers_own_report_the_polices_voice_and_advice_are_no_claim(
    matcher: TextMatcher, text: str
) -> None:
    assert "fake_legal_process" not in categories(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "诉状昨天交上去了，这两天等法院的电话吧。",
        "我司已委托律所向XX区法院起诉，案件受理费由你承担。",
        "我们已经把你告了，起诉书副本你去法院拿。",
        "【诉前调解】您的案件已登记，调解不成将直接转诉讼。",
        "平台已将你的情况移送到检察院审查起诉。",
    ],
)
def test_a_suit_told_as_an_event_is_false_legal_process(matcher: TextMatcher, text: str) -> None:
    assert "fake_legal_process" in categories(matcher, text)


@pytest.mark.parametrize(
    "text",
    ["如您逾期超过90天，我司可能依法向人民法院提起诉讼。", "我司保留依法起诉的权利。"],
)
def test_a_lawful_notice_that_one_may_sue_stays_silent(matcher: TextMatcher, text: str) -> None:
    assert "fake_legal_process" not in categories(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "贵公司员工赵某在我平台借款逾期未还，请贵司协助督促。",
        "已向您工作单位寄送《欠款告知函》，请知悉。",
        "已致电您所在公司的财务部门，说明了您的欠款情况。",
    ],
)
def test_a_letter_or_call_to_the_employer_is_third_party(matcher: TextMatcher, text: str) -> None:
    assert "third_party" in categories(matcher, text)


@pytest.mark.parametrize("text", ["人事部通知：本月工资推迟两天发放。", "贵司上月的发票已寄出，请财务查收。"])
def test_a_firms_own_notices_are_no_third_party_contact(matcher: TextMatcher, text: str) -> None:
    assert "third_party" not in categories(matcher, text)
