"""The web upload's job imports exactly what the CLI imports from the same files: the same originals, the
same records field by field, the same counts (the CLI's `import --json` against the job's result)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.fixtures.formats import write_call_log, write_sms_backup
from xieshang.cases.models import Case
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.evidence.models import EvidenceFile, EvidenceRecord

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
FIELDS = ("kind", "timestamp", "counterpart", "direction", "text", "position", "external_id", "fingerprint")


def _records(case: Case) -> list[tuple[Any, ...]]:
    rows = EvidenceRecord.objects.filter(case=case).order_by("timestamp", "kind", "position", "text")
    return list(rows.values_list(*FIELDS))


def _files(case: Case) -> list[tuple[Any, ...]]:
    rows = EvidenceFile.objects.filter(case=case).order_by("sha256")
    return list(
        rows.values_list("sha256", "size", "original_name", "importer_name", "record_count", "parent__sha256")
    )


def test_the_upload_job_imports_what_the_cli_imports(
    owner_client: Client, e1_case: Case, tmp_path: Path
) -> None:
    paths = [write_sms_backup(tmp_path / "sms-20240305.xml"), write_call_log(tmp_path / "calls-20240305.xml")]
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]
    answer = owner_client.post(
        f"/cases/{e1_case.name}/evidence/upload/", {"files": uploads}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 202
    job = owner_client.get(answer.json()["status_url"], HTTP_ACCEPT="application/json").json()
    assert job["status"] == "done", job["error"]

    out, err = io.StringIO(), io.StringIO()
    status = run(["import", *map(str, paths), "--case", "by-cli", "--json"], CliEnv(stdout=out, stderr=err))
    assert status == 0, err.getvalue()
    by_cli = Case.objects.get(name="by-cli")

    records = _records(e1_case)
    assert records and len(records) > 6
    assert records == _records(by_cli)  # every field, the fingerprints too
    assert _files(e1_case) == _files(by_cli)
    cli_doc = json.loads(out.getvalue())
    assert job["result"]["imported"] == cli_doc["imported"]
    assert [f["sha256"] for f in job["result"]["files"]] == [f["sha256"] for f in cli_doc["files"]]
    assert len({r[-1] for r in records}) == len(records)  # no record twice
