"""Evidence upload (the import service of the CLI), search over a case, and the JSON API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from tests.fixtures.formats import write_sms_backup
from xieshang.cases.models import Case
from xieshang.workbench import demo

pytestmark = pytest.mark.django_db


def _sms(tmp_path: Path) -> SimpleUploadedFile:
    path = write_sms_backup(tmp_path / "sms-20240305.xml")
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml")


def test_upload_an_sms_backup_then_find_a_message(
    owner_client: Client, e1_case: Case, tmp_path: Path
) -> None:
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": _sms(tmp_path)}, follow=True
    )
    page = response.content.decode()
    assert "已导入" in page and "sms-20240305.xml" in page
    assert e1_case.evidence_records.filter(kind="sms").count() == 3
    found = owner_client.get(f"/cases/{e1_case.name}/search/", {"q": "律师事务所"})
    text = found.content.decode()
    assert found.context["result"].total == 1
    assert "<mark>律师事务所</mark>" in text
    none = owner_client.get(f"/cases/{e1_case.name}/search/", {"q": "不存在的词语"})
    assert none.context["result"].total == 0


def _job(client: Client, response: Any) -> dict[str, Any]:
    """The upload answers 202 with its job; the job's status (JSON) once it ended (jobs run in-process here)."""
    assert response.status_code == 202, response.content
    started = response.json()
    status = client.get(started["status_url"], HTTP_ACCEPT="application/json").json()
    assert status["job"] == started["job"] and status["finished"]
    return dict(status)


def test_upload_by_xhr_answers_json(owner_client: Client, e1_case: Case, tmp_path: Path) -> None:
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": _sms(tmp_path)}, HTTP_ACCEPT="application/json"
    )
    report = _job(owner_client, response)["result"]
    assert report["imported"]["sms"] == 3 and report["files"][0]["format"], report
    assert report["total"] == sum(report["imported"].values()) == report["files"][0]["records"] == 6
    assert report["files"][0]["path"] == "sms-20240305.xml", report
    again = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": _sms(tmp_path)}, HTTP_ACCEPT="application/json"
    )
    assert _job(owner_client, again)["result"]["duplicates_skipped"] == 1


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=1000)
def test_upload_size_limit(owner_client: Client, e1_case: Case, tmp_path: Path) -> None:
    big = SimpleUploadedFile("big.xml", b"<smses>" + b"x" * 200_000 + b"</smses>")
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": big}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 413 and "太大" in response.json()["error"]
    assert not e1_case.evidence_files.exists()


def test_unknown_format_is_refused_plainly(owner_client: Client, e1_case: Case) -> None:
    odd = SimpleUploadedFile("notes.bin", b"\x00\x01 nothing known")
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": odd}, HTTP_ACCEPT="application/json"
    )
    status = _job(owner_client, response)
    assert status["status"] == "failed" and not status["ok"]
    assert "notes.bin" in status["error"] and "无法识别" in status["error"]
    assert not e1_case.evidence_files.exists()
    page = owner_client.get(status["page_url"]).content.decode()
    assert "notes.bin" in page and "Traceback" not in page


def test_api_lists_only_my_cases(owner_client: Client, other_client: Client, e1_case: Case) -> None:
    assert [c["name"] for c in owner_client.get("/api/cases").json()] == ["e1"]
    assert other_client.get("/api/cases").json() == []


def test_api_assessment_has_the_e1_figures(owner_client: Client, e1_case: Case) -> None:
    data = owner_client.get(f"/api/cases/{e1_case.name}/assessment").json()
    debt = data["debts"][0]
    assert data["as_of"] == "2026-11-28"
    assert (debt["total_due_now"], debt["penalty_unpaid"], debt["payoff_now"]) == (
        "7660.08",
        "325.68",
        "11269.71",
    )
    assert (debt["dpd"], debt["bucket"], debt["daily_penalty_now"]) == (105, "M4", "5.52")
    assert debt["contract_apr"]["simple"] == "0.180001" and debt["legal_flags"] == []
    assert debt["schedule"][0] == {
        "n": 1,
        "due_date": "2026-02-15",
        "principal": "1533.60",
        "interest": "300.00",
        "fee": "0.00",
        "total": "1833.60",
    }
    assert data["totals"]["total_due_now"] == "7660.08"
    earlier = owner_client.get(f"/api/cases/{e1_case.name}/assessment", {"on": "2026-02-01"}).json()
    assert earlier["as_of"] == "2026-02-01" and earlier["debts"][0]["dpd"] == 0


def test_api_plan(owner_client: Client, e1_case: Case) -> None:
    data = owner_client.get(f"/api/cases/{e1_case.name}/plan").json()
    assert data["allocation"]["choices"] == [{"id": "jt360", "months": 12, "annual_rate": "0.000000"}]
    assert data["allocation"]["disposable_income"] == "1600.00"


def test_api_create_case_and_add_a_debt(owner_client: Client) -> None:
    response = owner_client.post(
        "/api/cases",
        {
            "name": "api-case",
            "borrower": {"name": "王", "monthly_income": "5200", "monthly_essential_expenses": "3600"},
            "as_of": "2026-11-28",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    debt: dict[str, Any] = {k: (str(v) if not isinstance(v, int) else v) for k, v in demo.E1_DEBT.items()}
    debt["payments"] = [{"date": d.isoformat(), "amount": str(a)} for d, a in demo.E1_PAYMENTS]
    added = owner_client.post("/api/cases/api-case/debts", json.dumps(debt), content_type="application/json")
    assert added.status_code == 201, added.content
    assert owner_client.get("/api/cases/api-case/assessment").json()["totals"]["payoff_now"] == "11269.71"
    assert [d["id"] for d in owner_client.get("/api/cases/api-case/debts").json()] == ["jt360"]


def test_api_errors_name_the_place_in_both_languages(owner_client: Client, e1_case: Case) -> None:
    debt = {
        "id": "x",
        "lender": "某",
        "lender_type": "bank",
        "principal": "-5",
        "annual_rate": "0.1",
        "method": "bullet",
        "term_months": 1,
        "start_date": "2026-01-01",
    }
    response = owner_client.post(
        f"/api/cases/{e1_case.name}/debts", json.dumps(debt), content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 400 and body["data"]["place"] == "debts[1].principal"
    assert "debts[1].principal" in body["message_zh"] and "debts[1].principal" in body["message_en"]
    assert e1_case.debts.count() == 1


def test_api_search(owner_client: Client, e1_case: Case, owner: Any, tmp_path: Path) -> None:
    from xieshang.evidence.services import evidence_import

    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms.xml")], user=owner)
    data = owner_client.get(f"/api/cases/{e1_case.name}/evidence/search", {"q": "逾期"}).json()
    assert data["total"] >= 1 and all(h["case"] == "e1" for h in data["hits"])
    assert owner_client.get(f"/api/cases/{e1_case.name}/evidence/search", {"q": ""}).status_code == 400
    files = owner_client.get(f"/api/cases/{e1_case.name}/evidence/files").json()
    assert files[0]["name"] == "sms.xml" and owner_client.get(files[0]["download"]).status_code == 200


def test_openapi_schema_lists_the_endpoints(owner_client: Client) -> None:
    schema = owner_client.get("/api/openapi.json").json()
    for path in (
        "/api/cases",
        "/api/cases/{name}/assessment",
        "/api/cases/{name}/plan",
        "/api/cases/{name}/evidence/search",
    ):
        assert path in schema["paths"], path


def test_search_page_shows_status_and_time_unknown(
    owner_client: Client, e1_case: Case, tmp_path: Path
) -> None:
    """A draft is shown as a draft (never as sent); a record without a time of its own as 时间未知."""
    import os
    from datetime import UTC, datetime

    from tests.fixtures.formats import Sms
    from tests.fixtures.formats_phone_db import IosMessage, write_ios_sms_db
    from xieshang.evidence.services import evidence_import

    when = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    xml = write_sms_backup(tmp_path / "sms.xml", [Sms("13800138000", "草稿里的协商请求", when, type=3)])
    db = write_ios_sms_db(
        tmp_path / "sms.db", [IosMessage(1, "95555", None, "没有时间的催收短信")], nanoseconds=True
    )
    os.utime(db, (1_700_000_000, 1_700_000_000))
    evidence_import(case=e1_case, paths=[xml, db])
    draft = owner_client.get(f"/cases/{e1_case.name}/search/", {"q": "协商请求"}).content.decode()
    assert "草稿（未发送）" in draft and "status-unsent" in draft
    timeless = owner_client.get(f"/cases/{e1_case.name}/search/", {"q": "没有时间"}).content.decode()
    assert "时间未知" in timeless and "2023-11-15" in timeless  # the file's mtime only in the title
    api = owner_client.get(f"/api/cases/{e1_case.name}/evidence/search", {"q": "协商请求"}).json()
    assert api["hits"][0]["status"] == "draft"
