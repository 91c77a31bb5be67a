"""Conduct endpoints: the findings of a case, the user's lender tags (ledger entries) and the suggested
ones, and files a third party received. Every one resolves the case with `case_get_for_user`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Schema
from ninja.responses import Status

from xieshang.api.api import api
from xieshang.api.routes import Problem
from xieshang.cases.access import case_get_for_user
from xieshang.cases.models import Case


class LenderTagIn(Schema):
    counterpart: str  # a number or sender
    lender: str
    note: str = ""


class CounterpartIn(Schema):
    counterpart: str


class ReceivedByIn(Schema):
    file: str  # the file's SHA-256
    holder: str  # who received it ("母亲 13800138000")


def _case(request: HttpRequest, name: str) -> Case:
    return case_get_for_user(request.user, name=name)


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def _entry(entry: Any) -> dict[str, Any]:
    return {"ledger_seq": entry.seq, "hash": entry.hash, "at": entry.created_at.isoformat()}


@api.get(
    "/cases/{name}/conduct",
    response={200: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Collection-conduct findings (as `xieshang conduct --json`), with the suggested lender tags",
)
def conduct_findings(request: HttpRequest, name: str, court_case: bool = False) -> dict[str, Any]:
    from xieshang.conduct.service import conduct_report

    report = conduct_report(case=_case(request, name), user=request.user, court_case_exists=court_case)
    return report.as_json(_lang())


@api.get(
    "/cases/{name}/lender-tags",
    response={200: dict[str, Any]},
    tags=["conduct"],
    summary="The user's lender tags, files a third party received, and suggested tags",
)
def lender_tags_list(request: HttpRequest, name: str) -> dict[str, Any]:
    from xieshang.conduct.service import conduct_report
    from xieshang.conduct.tags import received_by_files, user_lender_tags

    case = _case(request, name)
    report = conduct_report(case=case, user=request.user)
    return {
        "tags": [t.as_json() for t in user_lender_tags(case=case).values()],
        "received_by": [r.as_json() for r in received_by_files(case=case).values()],
        "suggestions": [s.as_json(_lang()) for s in report.suggestions],
    }


@api.post(
    "/cases/{name}/lender-tags",
    response={201: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Tag a number or sender as a lender's (a ledger entry; no record changes)",
)
def lender_tags_add(request: HttpRequest, name: str, payload: LenderTagIn) -> Status[dict[str, Any]]:
    from xieshang.conduct.tags import lender_tag_add

    case = _case(request, name)
    entry = lender_tag_add(
        case=case,
        counterpart=payload.counterpart,
        lender=payload.lender,
        note=payload.note,
        user=request.user,
    )
    return Status(201, _entry(entry))


@api.post(
    "/cases/{name}/lender-tags/remove",
    response={201: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Withdraw a lender tag (a new ledger entry)",
)
def lender_tags_remove(request: HttpRequest, name: str, payload: CounterpartIn) -> Status[dict[str, Any]]:
    from xieshang.conduct.tags import lender_tag_remove

    entry = lender_tag_remove(case=_case(request, name), counterpart=payload.counterpart, user=request.user)
    return Status(201, _entry(entry))


@api.post(
    "/cases/{name}/evidence/received-by",
    response={201: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Say that an evidence file is what a third party received (a ledger entry)",
)
def evidence_received_by_add(
    request: HttpRequest, name: str, payload: ReceivedByIn
) -> Status[dict[str, Any]]:
    from xieshang.conduct.tags import evidence_received_by

    entry = evidence_received_by(
        case=_case(request, name), sha256=payload.file, holder=payload.holder, user=request.user
    )
    return Status(201, _entry(entry))
