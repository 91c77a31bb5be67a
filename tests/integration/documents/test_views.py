"""The workbench's document downloads: the owner gets every file; another user gets a 404."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.unit.documents.probes import docx_text, pdf_text
from xieshang.cases.casefile_io import case_store_from_file
from xieshang.cli.caseref import read_case_file
from xieshang.documents.dossier import verify_dossier
from xieshang.documents.models import LetterTemplate
from xieshang.documents.templates import file_template_text

from .conftest import E1_CASE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
BASE = "/cases/e1/documents/"


@pytest.fixture
def owner() -> Any:
    user = get_user_model().objects.create_user("owner", password="x" * 12)
    case = case_store_from_file(owner=user, name="e1", case_file=read_case_file(E1_CASE))
    case.as_of = None
    return user


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_index_lists_every_document(owner: Any) -> None:
    page = login(owner).get(BASE)
    assert page.status_code == 200
    html = page.content.decode()
    for kind in ("hardship", "waiver_request", "credit_objection", "call_script"):
        assert f"{BASE}letter/{kind}.pdf" in html and f"{BASE}letter/{kind}.docx" in html
    assert f"{BASE}packet.pdf" in html and f"{BASE}dossier.zip" in html


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("docx", "application/vnd.openxmlformats"), ("pdf", "application/pdf"), ("txt", "text/plain")],
)
def test_letter_downloads_carry_the_engine_figures(owner: Any, fmt: str, content_type: str) -> None:
    response = login(owner).get(f"{BASE}letter/waiver_request.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    data = response.content
    text = docx_text(data) if fmt == "docx" else pdf_text(data) if fmt == "pdf" else data.decode()
    text = text.replace("\n", "")
    assert "李明" in text and "360借条" in text and "325.68" in text and "11,269.71" in text


def test_packet_and_dossier(owner: Any) -> None:
    client = login(owner)
    packet = client.get(f"{BASE}packet.pdf")
    assert packet.status_code == 200 and "困难情况材料包" in pdf_text(packet.content)
    dossier = client.get(f"{BASE}dossier.zip")
    assert dossier.status_code == 200 and dossier["Content-Type"] == "application/zip"
    assert verify_dossier(io.BytesIO(dossier.content)) == []


def test_another_users_case_is_a_404_everywhere(owner: Any) -> None:
    other = get_user_model().objects.create_user("other", password="y" * 12)
    client = login(other)
    for url in ("", "letter/hardship.pdf", "letter/hardship.txt", "packet.pdf", "dossier.zip"):
        assert client.get(BASE + url).status_code == 404, url
    assert client.post(BASE, {"agreement_text": "x"}).status_code == 404
    assert Client().get(BASE + "packet.pdf").status_code == 302  # anonymous: to the login page


def test_unknown_kind_or_format_is_a_404(owner: Any) -> None:
    client = login(owner)
    assert client.get(f"{BASE}letter/bogus.pdf").status_code == 404
    assert client.get(f"{BASE}letter/hardship.odt").status_code == 404


def test_agreement_check_form(owner: Any) -> None:
    page = login(owner).post(BASE, {"agreement_text": "同意分12期还款，每期910.06元。"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "违约条款（未按期还款的后果）" in html and "每期还款金额" not in html


def test_a_counselor_template_in_the_database_overrides_the_file(owner: Any) -> None:
    body = file_template_text("hardship").replace(
        'title = "困难情况说明"', 'title = "情况说明（本机构格式）"'
    )
    row = LetterTemplate(kind="hardship", body=body)
    row.full_clean()
    row.save()
    text = login(owner).get(f"{BASE}letter/hardship.txt").content.decode()
    assert text.startswith("情况说明（本机构格式）")
    bad = LetterTemplate(kind="hardship", body=body.replace("{borrower_name}", "{borower}"), active=False)
    with pytest.raises(Exception, match="borower"):
        bad.full_clean()
