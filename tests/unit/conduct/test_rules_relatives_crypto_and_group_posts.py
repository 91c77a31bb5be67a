"""Issue 16, round 16: a collector speaking to a parent, sibling, landlord or boss (in dialect too), posts to the
borrower's groups and its events, payment by crypto, gift cards or a colleague's account, and judgments told as
done. Paraphrases of round 15's misses (dev15.tsv) written for these tests, never the held-out sets'."""

from __future__ import annotations

import pytest

from tests.unit.conduct.probes import rule_ids
from xieshang.core.conduct import TextMatcher


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("third_party.addressed", "喂，你是王磊的老汉儿嘛？他借的钱拖了三个月了。"),
        ("third_party.addressed", "姐，你弟在我们这有笔账没结，你劝劝他。"),
        ("third_party.addressed", "他把你填成紧急联系人了，他的借款已经逾期。"),
        ("third_party.addressed", "房东你好，你那个租客小李欠我们公司钱，人找不到了。"),
        ("third_party.exposure", "@所有人 本群成员孙某欠钱不还，大家留个心眼。"),
        ("third_party.exposure", "欠款再拖，你们公司年会那天我们准时到场。"),
        ("threat.visit", "欠款不还，我们周末去你爸妈家坐坐。"),
        ("threat.exposure", "欠款截图明天发你家族群。"),
        ("personal_account.to_me", "逾期的钱用USDT还也行，地址发你。"),
        ("personal_account.to_me", "欠款用京东卡抵，买够面值把卡密发我。"),
        ("personal_account.to_me", "还款转给财务小李的微信，备注借款编号。"),
        ("court.fake_process", "欠款的案子都判下来了，还装什么。"),
        ("impersonation.claim", "我在法院上班，你的欠款这事我知道。"),
        ("insult", "欠钱还换新手机，真是兜比脸干净。"),
    ],
)
def test_round_16_wording(matcher: TextMatcher, rule: str, text: str) -> None:
    assert rule in rule_ids(matcher, text)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("third_party.addressed", "我同事说他们公司收到过催收寄来的函，说员工欠钱。"),  # reported, to no one
        ("personal_account.to_me", "逾期提醒：任何要求转到个人账户的都是诈骗，请只在APP内还款。"),
        ("personal_account", "还款方式：银行转账至对公账户，户名XX金融服务有限公司。"),
        ("court.fake_process", "判决下来了吗？我的劳动仲裁等了好久。"),
    ],
)
def test_round_16_wording_not_read_where_it_is_not(matcher: TextMatcher, rule: str, text: str) -> None:
    assert rule not in rule_ids(matcher, text)
