"""Issue 16, round 13: exposure where the borrower's people are tells third parties (third_party.exposure), a firm
that owes money itself is no employer told of a debt, a collector asking a contact to pass word on (烦请转达), and
the classifier's kinds that need their own words in the text (impersonation names a public body, a private
account names where the money goes, a legal step is named). The texts are paraphrases written for these tests,
never the held-out sets' (heldout.tsv, external2.tsv)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.conduct.probes import rule_ids, sms
from xieshang.core.conduct import ConductContext, TextMatcher, detect_conduct
from xieshang.core.conduct.classifier import COLLECTION, model_from_mapping
from xieshang.knowledge.conduct import load_conduct_rules


@pytest.mark.parametrize(
    "text",
    [
        "再拖下去，你家楼道里就会贴满你的欠款单。",
        "明天我们到你老家村口挂横幅，写上你的名字。",
        "你单位的公告栏上很快会贴出你的照片。",
        "你手机里每一个联系人今晚都会收到你的欠款通知。",
        "你的亲戚朋友马上会收到彩信，上面是你的身份证。",
        "我们已联合你们当地村委一起上门。",
        "下周去你老家找你爸妈好好聊聊。",
        "到时候当着你全公司同事的面把话说清楚。",
        # A visit to where the borrower's people are: the workplace, the family's home, the registered address.
        "明天上午我们去你公司找你本人核实。",
        "外访组这周到你户籍地走一趟。",
        "你的工作单位我们后天会过去。",
    ],
)
def test_exposure_where_the_borrowers_people_are_is_third_party(matcher: TextMatcher, text: str) -> None:
    assert "third_party.exposure" in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "明天上午我们去你家找你本人核实。",  # a visit to the borrower's own home: threat.visit's alone
        "再不还就把你的照片发到网上。",  # exposure to the public online: threat.exposure's
        "本院依法公告送达起诉状副本，请到庭应诉。",  # a court serving papers by notice
        "小区物业通知：本周六停水，请各位业主做好准备。",
        "开庭通知书已寄到你的户籍地址，请注意查收。",  # a paper sent, not a visit
    ],
)
def test_no_third_party_exposure_without_the_borrowers_people(matcher: TextMatcher, text: str) -> None:
    assert "third_party.exposure" not in rule_ids(matcher, text)


def test_a_firm_owing_money_itself_is_no_employer_told(matcher: TextMatcher) -> None:
    assert "third_party.letter" not in rule_ids(matcher, "恳请贵司尽快结清尚欠我司的货款，谢谢合作。")
    assert "third_party.letter" in rule_ids(matcher, "恳请贵司督促员工张某尽快偿还其在我司的借款。")


def test_asking_a_contact_to_pass_word_on(matcher: TextMatcher) -> None:
    assert "third_party.addressed" in rule_ids(matcher, "您好，李强在我司的借款已逾期两个月，烦请转达。")
    # Without a debt word it is no collection message.
    assert "third_party.addressed" not in rule_ids(matcher, "周末聚会改到周日了，烦请转达。")


def _model_raising(label: str, gram: str) -> Any:
    """A tiny model that raises `collection` and `label` on any text holding `gram`, nothing else."""
    labels = ["collection", "third_party", "threat", "insult", "impersonation", "fake_legal_process"]
    labels.append("personal_account")
    index = labels.index(label)
    return model_from_mapping(
        {
            "format": "xieshang-conduct-text-model/2",
            "version": "test",
            "labels": labels,
            "ngram_range": [1, 2],
            "bias": [-10.0] * len(labels),
            "thresholds": [0.5] * len(labels),
            "weights": {gram: [0, 20000, index, 20000]},
        }
    )


def _model_kinds(text: str, rules: Any, model: Any) -> set[str]:
    """The kinds the classifier (not a rule) finds in `text` as a lender's SMS."""
    return {
        f.category
        for f in detect_conduct([sms(text, lender="某贷")], rules, ConductContext(model=model))
        if f.model_score is not None
    }


@pytest.mark.parametrize(
    "label, plain, named",
    [
        ("impersonation", "逾期了，请尽快还款。", "中心通知：逾期了，请尽快还款。"),
        ("personal_account", "逾期了，请尽快还款。", "逾期了，渠道链接发你了，请尽快还款。"),
        ("fake_legal_process", "逾期了，请尽快还款。", "逾期了，案号已经生成，请尽快还款。"),
        # Widened in round 13: a hearing, a preservation order, a ruling and a city-management squad are named too.
        ("fake_legal_process", "逾期了，请尽快还款。", "逾期了，下周就庭审，请尽快还款。"),
        ("fake_legal_process", "逾期了，请尽快还款。", "逾期了，保全已经申请，请尽快还款。"),
        ("impersonation", "逾期了，请尽快还款。", "城管执法中队提醒：逾期了，请尽快还款。"),
    ],
)
def test_the_classifiers_kind_needs_its_own_words(label: str, plain: str, named: str) -> None:
    rules = load_conduct_rules()
    model = _model_raising(label, "逾期")
    assert COLLECTION in model.raised(plain) and label in model.raised(plain)

    assert label not in _model_kinds(plain, rules, model)
    assert label in _model_kinds(named, rules, model)


def test_threat_and_insult_need_no_words_of_their_own() -> None:
    rules = load_conduct_rules()
    assert not rules.model_rule("threat").requires  # type: ignore[union-attr]
    assert not rules.model_rule("insult").requires  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "label, reserving, claiming",
    [
        (
            "impersonation",
            "【某贷】逾期了，我司保留依法向人民法院提起诉讼的权利。",
            "逾期了，人民法院提醒你尽快还款。",
        ),
        ("fake_legal_process", "逾期了，我司保留起诉的权利。", "逾期了，诉讼材料我司已经备齐，请尽快还款。"),
    ],
)
def test_a_lender_reserving_its_right_to_sue_is_no_court(label: str, reserving: str, claiming: str) -> None:
    """Round 14: the classifier's kind does not stand on a lender's lawful reservation of its right to sue."""
    rules = load_conduct_rules()
    model = _model_raising(label, "逾期")

    assert label not in _model_kinds(reserving, rules, model)
    assert label in _model_kinds(claiming, rules, model)
