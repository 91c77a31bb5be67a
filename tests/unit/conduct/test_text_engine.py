"""The clause-level engine: not naive substring matching."""

from __future__ import annotations

import pytest

from xieshang.core.conduct import TextMatcher, normalize_text


def categories(matcher: TextMatcher, text: str, **kw: object) -> set[str]:
    options = {"from_lender": True, **kw}
    return {h.rule.category for h in matcher.scan(text, **options)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "如有疑问可向法院起诉。",
        "如逾期不还，我司将依法向人民法院提起诉讼。",
        "我们不会上门，也不会联系您的家人和同事。",
        "我司绝不会以公安、法院的名义联系您。",
        "谨防冒充公检法的诈骗电话，请勿向个人账户转账。",
        "请通过官方APP还款，切勿向任何个人账户转账。",
        "本短信如为垃圾信息请回复T退订。",
        "网上流传的“不还网贷会坐牢”说法不实。",
        "马上消费金融提醒您：本期账单已出。",
        "您的利息按日计算，利滚利的说法不准确。",
    ],
)
def test_lawful_text_fires_nothing(matcher: TextMatcher, text: str) -> None:
    assert categories(matcher, text) == set()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("明天法院传票送到你单位。", "fake_legal_process"),
        ("再不还就上门。", "threat"),
        ("不还钱就等着坐牢吧。", "threat"),
        ("别以为我们不敢上门。", "threat"),  # the negation is rhetorical
        ("今天不处理就爆你通讯录。", "third_party"),
        ("我们已经联系了你的家人和领导。", "third_party"),
        ("你这个老赖，真不要脸。", "insult"),
        ("我是朝阳区人民法院执行局的工作人员。", "impersonation"),
        ("把钱转到我个人支付宝上。", "personal_account"),
        ("再不还就上 门！", "threat"),  # filler between the characters
        ("再不还就坐*牢", "threat"),
    ],
)
def test_each_rule_fires_on_its_case(matcher: TextMatcher, text: str, category: str) -> None:
    assert category in categories(matcher, text)


def test_negation_needs_to_be_about_the_match(matcher: TextMatcher) -> None:
    assert categories(matcher, "我们不会上门。") == set()
    assert "threat" in categories(matcher, "你不还款我们就上门。")  # 不 negates 还款
    assert "threat" in categories(matcher, "如不还款，明天上门。")  # another clause


def test_court_statements_are_silent_when_a_court_case_exists(matcher: TextMatcher) -> None:
    text = "你与招联金融借款合同纠纷一案已立案，传票已送达。"
    assert "fake_legal_process" in categories(matcher, text)
    assert "fake_legal_process" not in categories(matcher, text, court_case_exists=True)


def test_lender_names_with_keywords_are_masked(matcher: TextMatcher) -> None:
    # A made-up lender whose name holds a trigger word: named by the case, it is masked.
    text = "【上门贷】您的账单已出，请按时还款。"
    assert "threat" in categories(matcher, text)
    assert categories(matcher, text, extra_names=["上门贷"]) == set()


def test_signature_rule_needs_a_lender(matcher: TextMatcher) -> None:
    text = "【朝阳区人民法院】你的欠款案件即将开庭，请于三日内联系处理。"
    assert "impersonation" in categories(matcher, text, from_lender=True)
    assert "impersonation" not in categories(matcher, text, from_lender=False, court_case_exists=True)


def test_reported_quote_is_not_a_threat(matcher: TextMatcher) -> None:
    assert categories(matcher, "您反映的“催收员说要上门”一事我们已经调查。") == set()
    assert "threat" in categories(matcher, "“上门”两个字你听清楚了吗？明天就到。")


def test_excerpt_is_the_original_sentence(matcher: TextMatcher) -> None:
    [hit] = matcher.scan(
        "【马上消费金融】您好。你这个老赖，真 不要脸！", from_lender=True, extra_names=["马上消费金融"]
    )
    assert hit.excerpt == "你这个老赖，真 不要脸"  # as written: full-width comma, the space kept
    assert hit.sentence == "你这个老赖,真不要脸"  # what the rules saw


def test_paper_mail_to_the_home_is_not_a_visit(matcher: TextMatcher) -> None:
    assert categories(matcher, "您的纸质对账单已寄送到您家庭住址，请注意查收。") == set()
    assert "threat" in categories(matcher, "明天我们就到你家。")


def test_normalize_keeps_sentences_apart() -> None:
    assert normalize_text("坐 牢") == "坐牢"
    assert normalize_text("还款\n上门") == "还款\n上门"
    assert normalize_text("ＡＰＰ，") == "APP,"


def test_collection_gate(matcher: TextMatcher) -> None:
    assert matcher.is_collection_text("你的欠款逾期了")
    assert not matcher.is_collection_text("周末来我家吃饭吧")


def test_normalize_reads_unseen_spellings(matcher: TextMatcher) -> None:
    assert normalize_text("聯繫你家人") == "联系你家人"  # traditional → simplified
    assert normalize_text("坐.牢，上　门") == "坐牢,上门"
    assert matcher.normalize("sm催收, txl, 🐶东西") == "上门催收, 通讯录, 狗东西"
    assert matcher.normalize("请回复sms") == "请回复sms"  # an ASCII variant only as a whole word
    assert "threat" in categories(matcher, "尚门的人明天就到。")
    assert "third_party" in categories(matcher, "聯繫你家人的電話已經準備好了。")
    assert "personal_account" in categories(matcher, "Ｖ信转我３０００。")


def test_anchors_hold_at_each_sentence(matcher: TextMatcher) -> None:
    assert "insult" in categories(matcher, "骗子！骗子！请速回电。")
    assert categories(matcher, "骗子短信请勿相信。") == set()


def test_combination_of_actor_action_place(matcher: TextMatcher) -> None:
    assert "threat" in categories(matcher, "我们当地的同事会去你上班的地方等你。")
    assert categories(matcher, "我们不会去您家，也不会去您单位。") == set()
    assert categories(matcher, "结清证明可由我们邮寄到您家。") == set()


def test_negation_inside_a_gap_and_the_object_marker(matcher: TextMatcher) -> None:
    assert categories(matcher, "您的家人不会再接到任何电话。") == set()
    assert categories(matcher, "请不要将还款转入任何个人账户。") == set()
    assert "personal_account" in categories(matcher, "把还款转入我个人账户。")


def test_reported_speech_and_the_writers_own_voice(matcher: TextMatcher) -> None:
    assert categories(matcher, "催收说要上门，我该怎么办？", from_lender=False) == set()
    assert categories(matcher, "他们再上门骚扰我就报警。", from_lender=False) == set()
    assert categories(matcher, "我网贷逾期了，会坐牢吗？", from_lender=False) == set()
    assert "threat" in categories(matcher, "你想坐牢吗？")  # not the writer's own fate
