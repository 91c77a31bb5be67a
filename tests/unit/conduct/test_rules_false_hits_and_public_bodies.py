"""The rules' false hits that the dev sets showed (issue 16, round 10), and the public bodies collectors pose as."""

from __future__ import annotations

import pytest

from xieshang.core.conduct import TextMatcher


def rules_fired(matcher: TextMatcher, text: str, *, from_lender: bool = False, **kw: object) -> set[str]:
    return {h.rule.id for h in matcher.scan(text, from_lender=from_lender, **kw)}  # type: ignore[arg-type]


def categories(matcher: TextMatcher, text: str, *, from_lender: bool = False, **kw: object) -> set[str]:
    return {h.rule.category for h in matcher.scan(text, from_lender=from_lender, **kw)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "饭钱AA，一人86，微信转我就行。",
        "房租下周交，直接转我卡上，和上个月一样。",
        "这是我的收款码，团购的钱扫这个就行。",
    ],
)
def test_a_friends_transfer_request_from_an_untagged_number_is_no_demand(
    matcher: TextMatcher, text: str
) -> None:
    assert "personal_account" not in categories(matcher, text)
    # From a lender's number the same words are a demand to pay a person.
    assert "personal_account" in categories(matcher, text, from_lender=True)


@pytest.mark.parametrize(
    "text",
    [
        "直接转我微信，平台那边我帮你销账。",
        "别走APP了，打我卡上，今天就结清。",
        "你把钱打到这个个人账户，跟你们客服说了也没用。",  # a personal account needs no context
        "把钱转给我同事的微信。",
    ],
)
def test_a_collectors_demand_from_an_untagged_number_still_fires(matcher: TextMatcher, text: str) -> None:
    assert "personal_account" in categories(matcher, text)


def test_lawful_words_about_personal_accounts_fire_nothing(matcher: TextMatcher) -> None:
    for text in (
        "我不会还钱给个人账户的，只走官方。",
        "转账到个人账户还款靠谱吗？",
        "【XX市中级人民法院】温馨提示：本院工作人员不会索要当事人银行卡号或让其汇款至私人账户。",
    ):
        assert "personal_account" not in categories(matcher, text), text


def test_a_police_report_inside_a_claim_to_be_the_police_is_no_threat(matcher: TextMatcher) -> None:
    for text in ("这里是派出所，有人报案说你欠钱不还。", "我是110指挥中心的，接到平台报警说你欠钱不还。"):
        assert categories(matcher, text) == {"impersonation"}, text
    assert "threat.police_report" in rules_fired(matcher, "再不还钱我们就报警，说你骗贷。")
    # A real threat inside a claim is still one.
    assert "threat" in categories(matcher, "我是派出所的，今天不还就把你抓起来。")


def test_papers_sent_to_a_place_are_no_visit(matcher: TextMatcher) -> None:
    for text in ("传票已经发到你户籍地派出所了。", "立案通知已下发到你户籍地。", "我们已经发函到你单位。"):
        assert "threat" not in categories(matcher, text), text
    assert "threat" not in categories(matcher, "本公司已取消对您的一切外访安排，后续仅电话沟通。")
    assert "threat" not in categories(matcher, "明天我去你单位附近办事，顺便找你吃个饭。")
    assert "threat" in categories(matcher, "明天我们的人就去你单位。")


def test_a_friends_wait_and_see_over_a_meal_is_play(matcher: TextMatcher) -> None:
    assert "threat" not in categories(matcher, "等着瞧，下次吃饭你请客，跑不了你的。")
    assert "threat" in categories(matcher, "你等着瞧，这笔账没完。")


def test_playing_dead_is_the_insult_only_when_it_is_one(matcher: TextMatcher) -> None:
    assert "insult" not in categories(matcher, "你再装死，我们就来真的了。")
    assert "insult" in categories(matcher, "狗东西，装什么死。")


def test_a_court_department_named_is_no_legal_process(matcher: TextMatcher) -> None:
    assert categories(matcher, "你好，我是区人民法院执行庭的书记员。") == {"impersonation"}
    assert "fake_legal_process" in categories(matcher, "你的案子已经移交执行庭了。")


@pytest.mark.parametrize(
    "text",
    [
        "你好，我是银保监会派驻的催收专员，工号9527。",
        "这里是国家金融监督管理总局，您的逾期已被记录。",
        "您好，这里是中国人民银行征信中心，您的逾期记录待确认。",
        "这里是法律援助中心，受出借人委托向你发出催收。",
        "我是市场监管局的，商家反映你拖欠货款。",
    ],
)
def test_public_bodies_other_than_courts_and_police(matcher: TextMatcher, text: str) -> None:
    assert "impersonation" in categories(matcher, text)


def test_a_signature_from_an_untagged_number_counts_when_it_demands_a_debt(matcher: TextMatcher) -> None:
    text = "【市场监督管理局】您有一笔贷款违约待处理，请联系专员。"
    assert "impersonation.signature_untagged" in rules_fired(matcher, text)
    assert "impersonation" not in categories(matcher, text, court_case_exists=True)
    # A body's own notice asks for no debt; a lender's signed message keeps its own rule.
    assert categories(matcher, "【中国人民银行征信中心】个人信用报告每年可免费查询两次。") == set()
    assert rules_fired(matcher, text, from_lender=True) >= {"impersonation.signature"}
    assert "impersonation.signature_untagged" not in rules_fired(matcher, text, from_lender=True)


def test_posting_in_the_borrowers_own_group_is_third_party(matcher: TextMatcher) -> None:
    assert "third_party" in categories(matcher, "今晚把你的欠款截图发到你们家族群。")
    assert "threat" in categories(matcher, "你的照片明天就挂到网上。")
    assert "threat" not in categories(matcher, "垃圾人，欠钱不还还有脸发朋友圈。")


def test_setting_off_is_no_contact_made(matcher: TextMatcher) -> None:
    assert "third_party" not in categories(matcher, "我们专门处理老赖的兄弟已经出发了，路上。")
