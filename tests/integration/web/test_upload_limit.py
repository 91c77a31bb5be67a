"""The upload size limit: refused EARLY from the declared Content-Length (the body is never read, so Django
writes no temporary file), and checked again on the files actually received."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from tests.fixtures.formats import write_sms_backup
from xieshang.cases.models import Case
from xieshang.web.runtime import server_body_limit
from xieshang.web.upload_limit import ENVELOPE_BYTES

pytestmark = pytest.mark.django_db

LIMIT = 100_000


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body of a too-big upload was read")

    readline = read


def _declared_upload(client: Client, path: str, length: int, **extra: Any) -> Any:
    return client.generic(
        "POST",
        path,
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=XYZ",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=LIMIT)
def test_xhr_upload_over_the_limit_is_refused_before_the_body_is_read(
    owner_client: Client, e1_case: Case
) -> None:
    response = _declared_upload(
        owner_client,
        f"/cases/{e1_case.name}/evidence/upload/",
        LIMIT + ENVELOPE_BYTES + 1,
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 413
    body = response.json()
    assert body["ok"] is False and "太大" in body["error"] and "97 KB" in body["error"]
    assert not e1_case.evidence_files.exists()


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=LIMIT)
def test_plain_form_post_over_the_limit_goes_back_with_the_message(
    owner_client: Client, e1_case: Case
) -> None:
    page = f"http://testserver/cases/{e1_case.name}/evidence/"
    response = _declared_upload(
        owner_client, f"/cases/{e1_case.name}/evidence/upload/", 10 * LIMIT, HTTP_REFERER=page
    )
    assert response.status_code == 303 and response["Location"] == page
    shown = owner_client.get(page).content.decode()
    assert "上传的文件太大" in shown


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=LIMIT)
def test_without_a_usable_referer_a_413_page_in_english(owner_client: Client, e1_case: Case) -> None:
    owner_client.cookies["django_language"] = "en"
    response = _declared_upload(
        owner_client,
        f"/cases/{e1_case.name}/evidence/upload/",
        10 * LIMIT,
        HTTP_REFERER="https://elsewhere.example/page",
    )
    assert response.status_code == 413
    assert "The upload is too big: at most 97 KB at a time" in response.content.decode()


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=LIMIT)
def test_any_multipart_post_is_covered_even_before_login(e1_case: Case) -> None:
    response = _declared_upload(Client(), "/cases/import/", 10 * LIMIT, HTTP_ACCEPT="application/json")
    assert response.status_code == 413


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=LIMIT)
def test_a_declared_length_under_the_limit_is_read_and_imported(
    owner_client: Client, e1_case: Case, tmp_path: Path
) -> None:
    path = write_sms_backup(tmp_path / "sms.xml")
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml")
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": upload}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 202 and response.json()["ok"] is True
    assert e1_case.evidence_files.filter(parent=None).count() == 1  # jobs run in-process in the tests


@override_settings(XIESHANG_UPLOAD_MAX_BYTES=1000)
def test_after_reading_the_received_files_are_checked_too(owner_client: Client, e1_case: Case) -> None:
    # 3,000 bytes in two files: the declared length passes the early check (the envelope allowance),
    # the files Django received are over the limit together.
    files = [SimpleUploadedFile(f"part{n}.xml", b"<smses>" + b"x" * 1500 + b"</smses>") for n in (1, 2)]
    response = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": files}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 413 and "太大" in response.json()["error"]
    assert not e1_case.evidence_files.exists()


def test_the_server_cap_is_the_workbench_s_own_early_refusal() -> None:
    # waitress refuses a Content-Length >= the cap before reading; the middleware refuses above limit + envelope
    assert server_body_limit(LIMIT) == LIMIT + ENVELOPE_BYTES + 1
