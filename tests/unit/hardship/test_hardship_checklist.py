"""The hardship checklist: the packaged data loads, reasons pick sections, any document meets a requirement."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xieshang.core.errors import InputError
from xieshang.core.hardship import HARDSHIP_REASONS, checklist_status
from xieshang.knowledge.hardship import load_checklist, parse_checklist


def test_packaged_checklist_covers_every_reason_and_the_named_documents() -> None:
    checklist = load_checklist()
    assert {s.key for s in checklist.sections} == {*HARDSHIP_REASONS, "financial"}
    names = {d.name_zh for s in checklist.sections for r in s.requirements for d in r.documents}
    for needed in ("失业证明", "离职证明", "诊断证明", "住院记录", "工资单", "银行流水", "税单"):
        assert any(needed in n for n in names), needed


def test_unemployment_is_met_by_either_certificate() -> None:
    checklist = load_checklist()
    empty = checklist_status(checklist, reasons=["unemployment"])
    assert [s.section.key for s in empty.sections] == ["financial", "unemployment"]
    assert empty.required_met == 0 and empty.percent == 0 and not empty.complete
    job = next(r for r in empty.sections[1].requirements if r.requirement.key == "job_loss")
    assert not job.met
    for doc in ("unemployment_certificate", "resignation_certificate"):
        status = checklist_status(checklist, reasons=["unemployment"], ticked=[doc])
        job = next(r for r in status.sections[1].requirements if r.requirement.key == "job_loss")
        assert job.met and job.met_by == (doc,)


def test_completeness_counts_required_items_only() -> None:
    checklist = load_checklist()
    financial = checklist.section("financial")
    illness = checklist.section("illness")
    assert financial is not None and illness is not None
    required = [r for s in (financial, illness) for r in s.requirements if r.required]
    optional_docs = [
        d.key for s in (financial, illness) for r in s.requirements if not r.required for d in r.documents
    ]
    only_optional = checklist_status(checklist, reasons=["illness"], present=optional_docs)
    assert only_optional.required_met == 0 and only_optional.required_total == len(required)
    first_docs = [r.documents[0].key for r in required]
    half = first_docs[: len(first_docs) // 2]
    status = checklist_status(checklist, reasons=["illness"], present=half)
    assert status.required_met == len(half)
    assert status.percent == round(100 * len(half) / len(required) + 1e-9)
    full = checklist_status(checklist, reasons=["illness"], present=first_docs[:1], ticked=first_docs[1:])
    assert full.complete and full.percent == 100 and full.missing() == []


def test_unknown_reason_is_reported_not_ignored() -> None:
    status = checklist_status(load_checklist(), reasons=["lottery", "illness"])
    assert status.unknown_reasons == ("lottery",)
    assert [s.section.key for s in status.sections] == ["financial", "illness"]


@settings(max_examples=100, deadline=None)
@given(
    reasons=st.lists(st.sampled_from(HARDSHIP_REASONS), max_size=4),
    docs=st.sets(st.sampled_from(sorted(load_checklist().document_keys()))),
)
def test_more_documents_never_lower_completeness(reasons: list[str], docs: set[str]) -> None:
    checklist = load_checklist()
    before = checklist_status(checklist, reasons=reasons, present=docs)
    after = checklist_status(checklist, reasons=reasons, present=docs | {"bank_statement"})
    assert after.required_met >= before.required_met
    assert 0 <= before.percent <= 100
    assert before.required_met == before.required_total - len(before.missing())


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"sections": [], "typo": 1}, "unknown keys"),
        ({"sections": []}, "financial section is missing"),
        (
            {"sections": [{"key": "lottery", "name_zh": "x", "name_en": "x", "requirements": []}]},
            "unknown reason",
        ),
        (
            {
                "sections": [
                    {
                        "key": "financial",
                        "name_zh": "x",
                        "name_en": "x",
                        "requirements": [
                            {"key": "a", "name_zh": "x", "name_en": "x", "required": "yes", "documents": []}
                        ],
                    }
                ]
            },
            "true/false",
        ),
    ],
)
def test_bad_checklist_data_is_an_input_error(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse_checklist(data)
