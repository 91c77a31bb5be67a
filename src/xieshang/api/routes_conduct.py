"""Conduct endpoints: the findings of a case, the user's lender tags (ledger entries) and the suggested
ones, and files a third party received. Every one resolves the case with `case_get_for_user`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.responses import Status

from xieshang.api.api import api
from xieshang.api.routes import Problem
from xieshang.cases.access import case_get_for_user
from xieshang.cases.models import Case
from xieshang.core.errors import InputError
from xieshang.language import current_lang

_TAG_BODY = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "counterpart": {"type": "string"},
                        "lender": {"type": "string"},
                        "note": {"type": "string"},
                        "file": {"type": "string"},
                        "holder": {"type": "string"},
                    },
                }
            }
        }
    }
}


def _body(request: HttpRequest, *keys: str) -> dict[str, str]:
    """The JSON object of the request, its `keys` as strings (read after the access check, so that another
    user's case is a 404 whatever the body)."""
    import json

    try:
        payload = json.loads(request.body or b"null")
    except ValueError as exc:
        raise InputError("请求内容不是有效的 JSON。", "The request body is not valid JSON.") from exc
    if not isinstance(payload, dict):
        raise InputError("请求内容应为一个 JSON 对象。", "The body must be a JSON object.")
    values = {}
    for key in keys:
        value = payload.get(key, "")
        if not isinstance(value, str):
            raise InputError(f"{key} 必须是文本。", f"{key} must be a string.")
        values[key] = value
    return values


def _case(request: HttpRequest, name: str) -> Case:
    return case_get_for_user(request.user, name=name)


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
    return report.as_json(current_lang())


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
        "suggestions": [s.as_json(current_lang()) for s in report.suggestions],
    }


@api.post(
    "/cases/{name}/lender-tags",
    response={201: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Tag a number or sender as a lender's (a ledger entry; no record changes)",
    openapi_extra=_TAG_BODY,
)
def lender_tags_add(request: HttpRequest, name: str) -> Status[dict[str, Any]]:
    from xieshang.conduct.tags import lender_tag_add

    case = _case(request, name)
    body = _body(request, "counterpart", "lender", "note")
    entry = lender_tag_add(
        case=case,
        counterpart=body["counterpart"],
        lender=body["lender"],
        note=body["note"],
        user=request.user,
    )
    return Status(201, _entry(entry))


@api.post(
    "/cases/{name}/lender-tags/remove",
    response={201: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Withdraw a lender tag (a new ledger entry)",
    openapi_extra=_TAG_BODY,
)
def lender_tags_remove(request: HttpRequest, name: str) -> Status[dict[str, Any]]:
    from xieshang.conduct.tags import lender_tag_remove

    case = _case(request, name)
    body = _body(request, "counterpart")
    entry = lender_tag_remove(case=case, counterpart=body["counterpart"], user=request.user)
    return Status(201, _entry(entry))


@api.post(
    "/cases/{name}/evidence/received-by",
    response={201: dict[str, Any], 400: Problem},
    tags=["conduct"],
    summary="Say that an evidence file is what a third party received (a ledger entry)",
    openapi_extra=_TAG_BODY,
)
def evidence_received_by_add(request: HttpRequest, name: str) -> Status[dict[str, Any]]:
    from xieshang.conduct.tags import evidence_received_by

    case = _case(request, name)
    body = _body(request, "file", "holder")
    entry = evidence_received_by(case=case, sha256=body["file"], holder=body["holder"], user=request.user)
    return Status(201, _entry(entry))
