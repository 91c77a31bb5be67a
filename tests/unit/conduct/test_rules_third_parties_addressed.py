"""Issue 16, round 12: a collector speaking TO a third party, letters to the employer read from an untagged
number, a notice telling the borrower to call the police if someone comes, and the classifier's kind beside
another kind's rule. The texts are round 11's misses (dev11.tsv) and paraphrases of them, never the round-12
held-out set's."""

from __future__ import annotations

import pytest

from tests.unit.conduct.probes import rule_ids, sms
from xieshang.core.conduct import ConductContext, TextMatcher, detect_conduct
from xieshang.core.conduct.classifier import model_from_mapping
from xieshang.core.errors import InputError
from xieshang.knowledge.conduct import load_conduct_model, load_conduct_rules


@pytest.mark.parametrize(
    "text",
    [
        "您好，请问是赵磊的领导吗？他在我司有笔借款逾期，麻烦您督促一下。",
        "您是孙婷的母亲吧，她的借款已逾期三个月，请您帮忙提醒。",
        "你作为他的紧急联系人，他欠款的事你得帮忙催一下。",
        "他填的联系人是您，他的账单已经逾期很久了。",
        "麻烦您转告一下小王，他的欠款今天必须处理。",
    ],
)
def test_a_collector_speaking_to_a_third_party(matcher: TextMatcher, text: str) -> None:
    assert "third_party.addressed" in rule_ids(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "请问您是借款人本人吗？您的账单已逾期。",
        "您好，我们只与借款人本人沟通，请您及时还款。",
        "请问你是小李的同事吗？周末一起吃饭。",  # no debt in it
    ],
)
def test_speaking_to_the_borrower_is_not_third_party(matcher: TextMatcher, text: str) -> None:
    assert "third_party.addressed" not in rule_ids(matcher, text)


def test_a_letter_to_the_employer_from_an_untagged_number_is_read() -> None:
    rules, model = load_conduct_rules(), load_conduct_model()
    text = "致函贵局：贵局干部周某欠我司借款未还，请贵局予以关注并督促。"
    found = {f.category for f in detect_conduct([sms(text)], rules, ConductContext(model=model))}
    assert "third_party" in found
    # Without a debt word the letter rule alone does not open the gate.
    plain = "致函贵局：贵局干部周某的材料已寄出，请贵局予以关注。"
    assert "third_party" not in {
        f.category for f in detect_conduct([sms(plain)], rules, ConductContext(model=model))
    }


@pytest.mark.parametrize(
    "text",
    [
        "本平台从未委托任何机构上门催收，如有人上门请报警。",
        "若有陌生人自称我司员工上门，请立即报警。",
    ],
)
def test_a_notice_to_call_the_police_is_no_visit_threat(matcher: TextMatcher, text: str) -> None:
    assert "threat.visit" not in rule_ids(matcher, text, from_lender=True)


def test_the_visit_threat_still_reads(matcher: TextMatcher) -> None:
    assert "threat.visit" in rule_ids(matcher, "明天我们上门拜访，你在家等着。", from_lender=True)


def test_beside_rules_are_checked_in_the_model_file() -> None:
    import json

    from tests.unit.conduct.heldout_eval import ROOT
    from xieshang.knowledge.conduct import MODEL_FILE

    data = json.loads((ROOT / "src" / "xieshang" / "knowledge" / MODEL_FILE).read_text(encoding="utf-8"))
    for bad in ({"collection": 0.9}, {"threat": 0.2}, {"nope": 0.9}, [0.9]):
        with pytest.raises(InputError):
            model_from_mapping({**data, "beside_rules": bad})
    model = model_from_mapping({**data, "beside_rules": {"threat": 0.97}})
    assert model.beside_rule("threat") == 0.97 and model.beside_rule("insult") == 0.0
