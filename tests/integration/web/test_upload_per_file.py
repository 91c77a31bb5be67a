"""One bad file never discards its neighbours: each uploaded file is its own all-or-nothing import, and the
page lists, per file, imported / already there / refused (with why)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from xieshang.cases.models import Case

pytestmark = pytest.mark.django_db
REAL_EML = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "realworld"
    / "eml"
    / "demisto_chinese_gb2312_encoding.eml"
)


def _files() -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile("random.xml", b"<?xml version='1.0'?><inventory><item sku='1'/></inventory>"),
        SimpleUploadedFile(REAL_EML.name, REAL_EML.read_bytes(), content_type="message/rfc822"),
    ]


def _upload(client: Client, case: Case) -> dict[str, Any]:
    response = client.post(
        f"/cases/{case.name}/evidence/upload/", {"files": _files()}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 202, response.content
    status = client.get(response.json()["status_url"], HTTP_ACCEPT="application/json").json()
    assert status["finished"]
    return dict(status)


def test_a_bad_file_beside_a_good_one_refuses_only_itself(owner_client: Client, e1_case: Case) -> None:
    status = _upload(owner_client, e1_case)
    assert status["status"] == "done", status
    files = {f["path"]: f for f in status["result"]["files"]}
    assert files[REAL_EML.name]["status"] == "imported" and files[REAL_EML.name]["records"] >= 1
    assert files["random.xml"]["status"] == "refused"
    assert (
        "random.xml" in files["random.xml"]["refused_zh"] and "无法识别" in files["random.xml"]["refused_zh"]
    )
    assert e1_case.evidence_files.filter(original_name=REAL_EML.name).exists()
    assert not e1_case.evidence_files.filter(original_name="random.xml").exists()
    page = owner_client.get(status["page_url"]).content.decode()
    assert "未导入" in page and "已导入" in page and "有 1 个文件没有导入" in page and "Traceback" not in page


def test_the_same_files_again_say_they_are_there_already(owner_client: Client, e1_case: Case) -> None:
    _upload(owner_client, e1_case)
    again = _upload(owner_client, e1_case)
    files = {f["path"]: f["status"] for f in again["result"]["files"]}
    assert files == {REAL_EML.name: "already_there", "random.xml": "refused"}
    page = owner_client.get(again["page_url"]).content.decode()
    assert "案件中已有" in page and "未导入" in page
    only_good = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/",
        {"files": [SimpleUploadedFile(REAL_EML.name, REAL_EML.read_bytes())]},
        HTTP_ACCEPT="application/json",
    )
    status = owner_client.get(only_good.json()["status_url"], HTTP_ACCEPT="application/json").json()
    assert status["result"]["all_there_already"] is True
    assert "这些文件已经导入过" in owner_client.get(status["page_url"]).content.decode()
