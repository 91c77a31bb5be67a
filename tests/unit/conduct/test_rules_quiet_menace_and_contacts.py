"""Issue 16, round 14: quiet menace (a car's brakes, an accident, locks, knowing when the borrower goes out), plain
contempt, a collector speaking to a relative or the office, and payment to the writer's relative or by a red
packet for a favour. Paraphrases of round 13's misses (dev13.tsv) written for these tests, never the held-out
sets' (heldout.tsv, external2.tsv)."""

from __future__ import annotations

import pytest

from tests.unit.conduct.probes import rule_ids
from xieshang.core.conduct import TextMatcher


@pytest.mark.parametrize(
    "text",
    [
        "欠的钱再拖，你那台车的刹车可要多注意了。",
        "钱不还，小心哪天出点什么意外。",
        "晚上把门窗锁好，最近不太平，欠款的事你自己掂量。",
        "你几点下班我们一清二楚，欠款今天处理。",
        "欠款不还，🔪已经准备好了。",
        "逾期这么久，下回见面希望你还能站着说话。",
    ],
)
def test_quiet_menace(matcher: TextMatcher, text: str) -> None:
    assert "threat.menace" in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "车胎气压低了，记得去补胎。",  # no menace: a reminder
        "出去玩注意安全，别出什么意外哈哈",  # a friend's care, play
    ],
)
def test_no_menace_in_care_or_play(matcher: TextMatcher, text: str) -> None:
    assert "threat.menace" not in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    ["欠钱不还，你真是烂泥扶不上墙。", "就你这智商也就配被网贷割。", "欠款拖半年，你就是个笑话。"],
)
def test_plain_contempt(matcher: TextMatcher, text: str) -> None:
    assert "insult" in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "您好，他预留的紧急联系人是您，他的借款已逾期。",
        "你表弟在我们平台的借款一直没还，你帮忙说说。",
        "他是您的租户吗？他的欠款逾期很久了。",
        "你嫂子那边我们已经说了，欠款你看着办。",
    ],
)
def test_a_collector_speaking_to_a_relative_or_the_office(matcher: TextMatcher, text: str) -> None:
    assert "third_party.addressed" in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "你单位反映你欠网贷，请说明情况。",  # the borrower is the debtor, told of what the office said
        "受平台委托向你核实借款情况。",  # spoken to the borrower
    ],
)
def test_the_borrower_as_debtor_is_not_a_third_party_addressed(matcher: TextMatcher, text: str) -> None:
    assert "third_party.addressed" not in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "这期欠款转到我媳妇的支付宝就行。",
        "逾期的事好说，发两个红包过来，给你延期一个月。",
        "还款用这个，这是我的收款码，扫了就结清。",
    ],
)
def test_payment_to_the_writer_or_a_relative(matcher: TextMatcher, text: str) -> None:
    assert "personal_account.to_me" in rule_ids(matcher, text)


def test_a_friends_red_packet_is_not_a_collectors(matcher: TextMatcher) -> None:
    # From an untagged number there is no debt word: a friend's, not a collector's.
    assert "personal_account.to_me" not in rule_ids(matcher, "生日快乐！发个红包给我沾沾喜气。")
