"""Issue 16, round 15: exposure in the borrower's own groups and visits to a relative's home or the school gate,
collectors saying they act with the police or a court, legal papers told as issued, contempt by comparison, and
private channels (a colleague's QR code, 个人代收, top-ups). Paraphrases of round 14's misses (dev14.tsv) written for
these tests, never the held-out sets' (heldout.tsv, external2.tsv)."""

from __future__ import annotations

import pytest

from tests.unit.conduct.probes import rule_ids
from xieshang.core.conduct import TextMatcher


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("third_party.exposure", "你家族群我已经找到了，欠款截图今晚发出去。"),
        ("third_party.exposure", "欠款再不处理，我们明天去你岳父家坐坐。"),
        ("third_party.exposure", "你儿子放学的时候我们在校门口等他问问欠款的事。"),
        ("impersonation.claim", "我们跟你们当地派出所是合作单位，欠款的事他们会找你。"),
        ("impersonation.claim", "逾期的事我们对接的是经侦，他们已经在看了。"),
        ("court.fake_process", "你的限高令已经下发，逾期欠款不还就等着吧。"),
        ("court.fake_process", "案子已经报到公安了，人家收了材料，回执在我手上。"),
        ("insult", "欠钱不还，你就是个米虫。"),
        ("personal_account.to_me", "还款二维码发你了，是我们财务小刘的，扫了就结清。"),
        ("personal_account.to_me", "欠款公司让我们个人代收，转过来就行。"),
        ("personal_account.to_me", "官方渠道维护中，欠款先转这个账户。"),
    ],
)
def test_round_15_wording(matcher: TextMatcher, rule: str, text: str) -> None:
    assert rule in rule_ids(matcher, text)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("third_party.exposure", "家族群里发了年夜饭的照片，快来看。"),  # a family's own group, no debt
        ("impersonation.claim", "我们公司和银行是合作单位，可以办理分期。"),  # no public body
        ("court.fake_process", "如有疑问，回执单请保留好。"),
    ],
)
def test_round_15_wording_not_read_where_it_is_not(matcher: TextMatcher, rule: str, text: str) -> None:
    assert rule not in rule_ids(matcher, text)
