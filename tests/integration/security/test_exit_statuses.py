"""Finding 8: the exit statuses the README states. A multi-file import is all or nothing (exit 2, nothing
written — not the case it would have created, not the good files before the bad one, not their objects); a
full disk is `磁盘已满` with exit 4, never "internal error"."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.fixtures.formats import Sms, write_sms_backup
from xieshang.cases.models import Case
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry

from .conftest import cli

pytestmark = [pytest.mark.django_db]


def _nothing_written(vault: Path) -> None:
    assert not Case.objects.filter(name="li-ming").exists()
    assert not EvidenceFile.objects.exists() and not EvidenceRecord.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not [p for p in (vault / "objects").rglob("*") if p.is_file()]


def test_a_bad_file_after_good_ones_writes_nothing_and_exits_2(tmp_path: Path, vault: Path) -> None:
    good = write_sms_backup(tmp_path / "sms-1.xml")
    other = write_sms_backup(
        tmp_path / "sms-2.xml", [Sms("95188", "第二个文件", __import__("datetime").datetime(2024, 3, 6))]
    )
    bad = tmp_path / "sms-3.xml"
    bad.write_bytes(good.read_bytes()[:-200])  # cut short
    status, out, err = cli("import", str(good), str(other), str(bad), "--case", "li-ming")
    assert status == 2 and out == "" and "sms-3.xml" in err and "本次导入的文件都没有写入" in err
    _nothing_written(vault)


def test_a_full_disk_in_the_store_is_disk_full_with_exit_4(
    tmp_path: Path, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: Any, **kwargs: Any) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "put_file", no_space)
    status, out, err = cli("import", str(write_sms_backup(tmp_path / "sms-1.xml")), "--case", "li-ming")
    assert status == 4 and "磁盘已满" in err and "内部错误" not in err
    _nothing_written(vault)
    status, _, err = cli(
        "import", str(write_sms_backup(tmp_path / "sms-1.xml")), "--case", "li-ming", lang="en_US.UTF-8"
    )
    assert status == 4 and "The disk is full" in err


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own page limit stands for a full disk")
def test_a_full_database_is_disk_full_with_exit_4(tmp_path: Path, vault: Path) -> None:
    many = [
        Sms(
            "95188",
            f"第{n}条：请尽快还款，逾期将影响征信。" * 20,
            __import__("datetime").datetime(2024, 3, 5),
        )
        for n in range(3000)
    ]
    sms = write_sms_backup(tmp_path / "sms-big.xml", many)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA max_page_count = {pages + 50}")  # SQLite answers SQLITE_FULL past it
    try:
        status, out, err = cli("import", str(sms), "--case", "li-ming")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")
    assert status == 4 and "磁盘已满" in err and "内部错误" not in err, err
    _nothing_written(vault)


def test_an_output_file_on_a_full_disk_is_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    e1 = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "e1_case.toml"
    assert cli("case", "import", str(e1), "--name", "e1")[0] == 0

    def no_space(self: Path, *args: Any, **kwargs: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", no_space)
    status, _, err = cli("case", "export", "e1", "-o", str(tmp_path / "out.toml"))
    assert status == 4 and "磁盘已满" in err


def test_a_full_disk_on_an_upload_is_disk_full_on_the_page_too(
    owner_client: Any, e1_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xieshang.evidence import views

    def no_space(**kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(views, "evidence_uploads_enqueue", no_space)
    url = f"/cases/{e1_case.name}/evidence/upload/"
    upload = SimpleUploadedFile("sms-1.xml", b"<smses></smses>")
    response = owner_client.post(url, {"files": [upload]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 507 and "磁盘已满" in response.json()["error"]
    upload = SimpleUploadedFile("sms-1.xml", b"<smses></smses>")
    page = owner_client.post(url, {"files": [upload]})
    assert page.status_code == 507 and "磁盘已满" in page.content.decode()
