"""Lender profiles: every shipped file loads, every fact is sourced, unknown stays unknown, matching works."""

from __future__ import annotations

from datetime import date

import pytest

from xieshang.core.errors import InputError
from xieshang.core.plan.lender import CONFIDENCES, LENDER_TYPES, POLICY_FIELDS
from xieshang.knowledge.lenders import (
    lender_policy,
    lender_type_profile,
    load_lender_profiles,
    match_lender,
    match_lender_number,
    parse_profile,
)


def test_every_lender_type_has_a_profile_and_ids_are_unique() -> None:
    profiles = load_lender_profiles()
    assert len({p.id for p in profiles}) == len(profiles)
    assert {p.lender_type.value for p in profiles if p.kind == "type"} == set(LENDER_TYPES)
    platforms = {p.id for p in profiles if p.kind == "platform"}
    assert {
        "jiebei",
        "weilidai",
        "jt360",
        "jd_jintiao",
        "zhaolian",
        "meituan",
        "pingan_puhui",
        "mashang",
    } <= platforms


def test_every_fact_carries_source_confidence_and_date() -> None:
    for profile in load_lender_profiles():
        facts = [profile.lender_type, *profile.known_fields().values()]
        for fact in facts:
            assert fact.source.strip(), profile.id
            assert fact.confidence in CONFIDENCES
            assert isinstance(fact.checked, date) and fact.checked <= date(2026, 11, 28)


def test_platform_policies_are_never_marked_verified_without_a_legal_text() -> None:
    # Platform facts come from third-party pages: at most "quoted".
    for profile in load_lender_profiles():
        if profile.kind == "platform":
            for name, fact in profile.known_fields().items():
                assert fact.confidence != "verified", (profile.id, name)


def test_credit_card_longest_plan_is_five_years_verified_art_70() -> None:
    card = lender_type_profile("credit_card")
    assert card is not None and card.max_installment_months is not None
    assert card.max_installment_months.value == 60
    assert card.max_installment_months.confidence == "verified"
    assert "第七十条" in card.max_installment_months.source


def test_unknown_stays_unknown() -> None:
    jt = match_lender("360借条")
    assert jt is not None and jt.id == "jt360"
    assert jt.customer_service is None and jt.grace_days is None and jt.options_offered is None
    policy = lender_policy("360借条", "online_lender")
    fact, origin = policy.max_installment_months()
    assert fact is None and origin == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("360借条", "jt360"),
        ("３６０ 借条", "jt360"),
        ("【微粒贷】您的借款已逾期", "weilidai"),
        ("蚂蚁借呗", "jiebei"),
        ("招联好期贷", "zhaolian"),
        ("美团月付", "meituan"),
        ("美团外卖", None),
        ("某某小贷", None),
        ("", None),
    ],
)
def test_match_lender(text: str, expected: str | None) -> None:
    found = match_lender(text)
    assert (found.id if found else None) == expected


def test_match_lender_number() -> None:
    found = match_lender_number("+86 95188")
    assert found is not None and found.id == "jiebei"
    found = match_lender_number("9538-4")
    assert found is not None and found.id == "weilidai"
    assert match_lender_number("10086") is None
    assert match_lender_number("") is None


def test_policy_prefers_the_platform_then_the_type() -> None:
    policy = lender_policy("京东金条", "credit_card")
    offered, origin = policy.options_offered()
    assert offered is not None and origin == "platform:jd_jintiao"
    months, origin = policy.max_installment_months()
    assert months is not None and months.value == 60 and origin == "type:credit_card"


def _minimal() -> dict[str, object]:
    fact = {"value": "bank", "source": "x", "confidence": "quoted", "checked": date(2026, 1, 1)}
    return {"id": "demo", "kind": "platform", "names": ["Demo"], "lender_type": fact}


def test_parse_profile_rejects_typos_and_unsourced_facts() -> None:
    assert parse_profile(_minimal()).id == "demo"
    with pytest.raises(InputError, match="unknown keys"):
        parse_profile({**_minimal(), "grace_dayz": 3})
    bad_fact = {"value": 3, "source": "", "confidence": "quoted", "checked": date(2026, 1, 1)}
    with pytest.raises(InputError, match="source"):
        parse_profile({**_minimal(), "grace_days": bad_fact})
    no_conf = {"value": 3, "source": "s", "confidence": "sure", "checked": date(2026, 1, 1)}
    with pytest.raises(InputError, match="confidence"):
        parse_profile({**_minimal(), "grace_days": no_conf})
    bad_option = {"value": ["magic"], "source": "s", "confidence": "quoted", "checked": date(2026, 1, 1)}
    with pytest.raises(InputError, match="option"):
        parse_profile({**_minimal(), "options_offered": bad_option})


def test_policy_fields_listed_match_the_dataclass() -> None:
    profile = load_lender_profiles()[0]
    for name in POLICY_FIELDS:
        assert hasattr(profile, name)
