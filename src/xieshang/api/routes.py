"""Endpoints. Every one that names a case resolves it with `case_get_for_user` (another user's case → 404)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.responses import Status

from xieshang.api.api import api
from xieshang.cases import services
from xieshang.cases.access import case_get_for_user, cases_visible_to
from xieshang.cases.models import Case
from xieshang.core.assessment_json import assessment_to_json
from xieshang.core.errors import InputError


class Problem(Schema):
    code: str
    message: str
    message_zh: str
    message_en: str
    data: dict[str, Any]


class CaseSummary(Schema):
    name: str
    borrower_name: str
    debts: int
    as_of: date | None


class CaseIn(Schema):
    name: str
    borrower: dict[str, Any]  # the case file's [borrower] table
    as_of: date | None = None


def _case(request: HttpRequest, name: str) -> Case:
    return case_get_for_user(request.user, name=name)


def _refused_name(request: HttpRequest) -> None:
    from datetime import timedelta

    from xieshang.accounts.rate import rate_take

    if not rate_take(kind="case-name", key=str(request.user.pk), limit=20, window=timedelta(hours=1)):
        raise InputError(
            "被拒绝的案件名称太多，请一小时后再试。",
            "Too many refused case names; please try again in an hour.",
        )


def _summary(case: Case) -> dict[str, Any]:
    return {
        "name": case.name,
        "borrower_name": case.borrower_name,
        "debts": case.debts.count(),
        "as_of": case.as_of,
    }


@api.get("/cases", response=list[CaseSummary], tags=["cases"], summary="The cases I may see")
def cases_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(c) for c in cases_visible_to(request.user).prefetch_related("debts")]


@api.post("/cases", response={201: CaseSummary, 400: Problem}, tags=["cases"], summary="Create a case")
def cases_create(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    from xieshang.core.casefile import parse_case_data

    if Case.objects.filter(name=payload.name).exists():
        _refused_name(request)  # refusals of taken names are throttled per user (nothing says whose it is)
    services.case_name_free(payload.name)  # before the borrower is read (case_create checks it again)
    data: dict[str, Any] = {"borrower": payload.borrower, "debts": []}
    if payload.as_of:
        data["as_of"] = payload.as_of
    case_file = parse_case_data(data)
    b = case_file.borrower
    case = services.case_create(
        owner=request.user,
        name=payload.name,
        borrower_name=b.name,
        monthly_income=b.monthly_income,
        monthly_essential_expenses=b.monthly_essential_expenses,
        dependents=b.dependents,
        hardships=b.hardships,
        as_of=case_file.as_of,
    )
    return Status(201, _summary(case))


@api.get("/cases/{name}", tags=["cases"], summary="A case as case-file data (borrower, debts, payments)")
def case_detail(request: HttpRequest, name: str) -> dict[str, Any]:
    from xieshang.cases.casefile_io import case_data_for_case, case_file_for_case
    from xieshang.core.casefile import case_file_to_data

    case = _case(request, name)
    try:  # through the parser, so the shape is exactly a case file's
        data = case_file_to_data(case_file_for_case(case))
    except InputError:
        data = case_data_for_case(case)
    return {"name": case.name, "case_file": _jsonable(data)}


@api.get("/cases/{name}/debts", tags=["debts"], summary="The debts of a case (case-file form)")
def debts_list(request: HttpRequest, name: str) -> list[dict[str, Any]]:
    from xieshang.cases.casefile_io import case_data_for_case

    case = _case(request, name)
    return list(_jsonable(case_data_for_case(case))["debts"])


_DEBT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "description": "a case-file [[debts]] table"}}
        },
    }
}


@api.post(
    "/cases/{name}/debts",
    response={201: dict[str, Any], 400: Problem},
    tags=["debts"],
    summary="Add a debt (a case-file [[debts]] table; same validation as a case file)",
    openapi_extra=_DEBT_BODY,
)
def debts_add(request: HttpRequest, name: str) -> Status[dict[str, Any]]:
    import json

    from xieshang.cases.casefile_io import case_data_for_case
    from xieshang.core.casefile import case_file_to_data, parse_case_data

    case = _case(request, name)  # the access check comes before anything is read from the body
    try:
        payload = json.loads(request.body or b"null")
    except ValueError as exc:
        raise InputError("请求内容不是有效的 JSON。", "The request body is not valid JSON.") from exc
    if not isinstance(payload, dict):
        raise InputError(
            "请求内容应为一个 JSON 对象（一笔欠款）。", "The body must be a JSON object (one debt)."
        )
    data = case_data_for_case(case)
    index = len(data["debts"])
    data["debts"] = [*data["debts"], _dates(payload)]
    case_file = parse_case_data(data)
    debt_data = case_file_to_data(case_file)["debts"][index]
    services.debt_save(case=case, debt_data=debt_data)
    return Status(201, _jsonable(debt_data))


@api.get(
    "/cases/{name}/assessment",
    response={200: dict[str, Any], 400: Problem},
    tags=["figures"],
    summary="Status of every debt on a day (as `xieshang assess --json`)",
)
def case_assessment(request: HttpRequest, name: str, on: date | None = None) -> dict[str, Any]:
    from xieshang.cases.casefile_io import case_file_for_case
    from xieshang.cases.figures import case_evaluation_date
    from xieshang.figures import assess

    case = _case(request, name)
    day = case_evaluation_date(case, on)
    result = assess(case_file_for_case(case), day)
    return assessment_to_json(result)


@api.get(
    "/cases/{name}/plan",
    response={200: dict[str, Any], 400: Problem},
    tags=["figures"],
    summary="Negotiation options and the opening ask (as `xieshang plan --json`)",
)
def case_plan(request: HttpRequest, name: str, on: date | None = None) -> dict[str, Any]:
    from xieshang.cases.figures import case_plans

    case = _case(request, name)
    plans = case_plans(case, on)
    if not plans.ok:
        raise InputError(plans.error, plans.error)
    return dict(plans.json)


@api.get(
    "/cases/{name}/evidence/search",
    response={200: dict[str, Any], 400: Problem},
    tags=["evidence"],
    summary="Full-text search over the evidence of a case",
)
def evidence_search(
    request: HttpRequest,
    name: str,
    q: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    from xieshang.evidence.services import evidence_search as search

    case = _case(request, name)
    result = search(
        query=q,
        user=request.user,
        case=case,
        kinds=[kind] if kind else (),
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )
    return {
        "query": q,
        "total": result.total,
        "hits": [
            {
                "id": h.record.pk,
                "kind": h.record.kind,
                "case": case.name,
                "timestamp": h.record.timestamp.isoformat(),
                "time_known": h.record.time_known,
                "status": h.record.message_status,
                "counterpart": h.record.counterpart,
                "snippet": h.snippet,
                "file": h.record.source_file_id,
                # a machine-transcript segment: where it starts in its recording ("02:13") and the recording
                "offset": h.offset,
                "offset_label": h.offset_label,
                "recording_id": h.record.linked_record_id if h.offset is not None else None,
            }
            for h in result.hits
        ],
    }


@api.get("/cases/{name}/evidence/files", tags=["evidence"], summary="The original files of a case")
def evidence_files(request: HttpRequest, name: str) -> list[dict[str, Any]]:
    from django.urls import reverse

    case = _case(request, name)
    return [
        {
            "id": f.pk,
            "name": f.original_name,
            "sha256": f.sha256,
            "size": f.size,
            "format": f.importer_name,
            "records": f.record_count,
            "imported_at": f.imported_at.isoformat(),
            "download": reverse("case-evidence-file", kwargs={"case_name": case.name, "file_id": f.pk}),
        }
        for f in case.evidence_files.filter(parent=None)
    ]


def _dates(debt: dict[str, Any]) -> dict[str, Any]:
    """JSON has no dates: ISO strings in `start_date` and payments' `date` become dates."""
    out = dict(debt)
    for key in ("start_date",):
        if isinstance(out.get(key), str):
            out[key] = _iso(out[key], key)
    if isinstance(out.get("payments"), list):
        out["payments"] = [
            {**p, "date": _iso(p["date"], "payments.date")}
            if isinstance(p, dict) and isinstance(p.get("date"), str)
            else p
            for p in out["payments"]
        ]
    return out


def _iso(value: str, place: str) -> date | str:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value  # the parser names the place and the problem


def _jsonable(value: Any) -> Any:
    from xieshang.cases.casefile_io import plain_case_data

    return plain_case_data(value)
