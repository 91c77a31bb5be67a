"""Evidence originals in an S3-compatible bucket (a local moto server, a test double of S3): content-addressed
keys, written once, read back through a server's cache, and `verify` re-hashing them from the bucket."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from tests.fixtures.formats import write_sms_backup
from tests.fixtures.s3_server import S3Server, s3_server
from xieshang.cases.models import Case
from xieshang.evidence import store
from xieshang.evidence.bucket import evidence_bucket
from xieshang.evidence.services import evidence_file_open, evidence_import, evidence_verify

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@pytest.fixture
def bucket_store(s3: S3Server, tmp_path: Path) -> Iterator[tuple[S3Server, str]]:
    name = s3.bucket(f"vault-{uuid.uuid4().hex[:8]}")
    with override_settings(**s3.settings(name), XIESHANG_EVIDENCE_ROOT=tmp_path / "cache"):
        yield s3, name


def _key(sha: str) -> str:
    return f"xieshang/objects/{sha[:2]}/{sha[2:]}"


def test_an_import_puts_the_original_in_the_bucket_under_its_hash(
    bucket_store: tuple[S3Server, str], e1_case: Case, owner: Any, tmp_path: Path
) -> None:
    s3, name = bucket_store
    source = write_sms_backup(tmp_path / "sms.xml")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    evidence_import(case=e1_case, paths=[source], user=owner)
    stored = s3.client().get_object(Bucket=name, Key=_key(sha))["Body"].read()
    assert stored == source.read_bytes()
    # Another server: nothing in its cache, the original comes from the bucket, checked against its name.
    shutil.rmtree(tmp_path / "cache" / "objects")
    _, stream = evidence_file_open(user=owner, case=e1_case, sha256=sha)
    with stream:
        assert stream.read() == source.read_bytes()
    assert evidence_verify().ok


def test_written_once_a_second_import_leaves_the_object_alone(
    bucket_store: tuple[S3Server, str], e1_case: Case, owner: Any, tmp_path: Path
) -> None:
    s3, name = bucket_store
    source = write_sms_backup(tmp_path / "sms.xml")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    evidence_import(case=e1_case, paths=[source], user=owner)
    other = Case.objects.create(
        owner=owner, name="second", borrower_name="李明", monthly_income=1, monthly_essential_expenses=1
    )
    shutil.rmtree(tmp_path / "cache" / "objects")  # as if on a server that never saw it
    evidence_import(case=other, paths=[source], user=owner)
    versions = s3.client().list_object_versions(Bucket=name, Prefix=_key(sha)).get("Versions", [])
    assert len(versions) == 1  # never put twice
    bucket = evidence_bucket()
    assert bucket is not None and bucket.put(store.object_path(sha), sha) is False


def test_verify_rehashes_the_bucket_and_names_an_altered_object(
    bucket_store: tuple[S3Server, str], e1_case: Case, owner: Any, tmp_path: Path
) -> None:
    s3, name = bucket_store
    source = write_sms_backup(tmp_path / "sms.xml")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    evidence_import(case=e1_case, paths=[source], user=owner)
    assert evidence_verify().ok
    original = source.read_bytes()
    altered = original[:-20] + (b"X" if original[-20:-19] != b"X" else b"Y") + original[-19:]  # same size
    s3.client().put_object(Bucket=name, Key=_key(sha), Body=altered)  # behind the workbench's back
    report = evidence_verify()
    assert not report.ok
    problems = [p.as_json() for p in report.problems]
    assert any(sha in p["item"] and p["detail"] == "content altered" for p in problems), problems
    # A server whose cache lacks it refuses the altered bytes rather than serving them.
    shutil.rmtree(tmp_path / "cache" / "objects")
    with pytest.raises(Exception, match="altered"):
        evidence_file_open(user=owner, case=e1_case, sha256=sha)


def test_object_lock_retention_where_configured(
    bucket_store: tuple[S3Server, str], e1_case: Case, owner: Any, tmp_path: Path
) -> None:
    s3, name = bucket_store
    source = write_sms_backup(tmp_path / "sms.xml")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    with override_settings(XIESHANG_S3_LOCK_DAYS=30, XIESHANG_S3_PREFIX="locked/"):
        evidence_import(case=e1_case, paths=[source], user=owner)
    head = s3.client().head_object(Bucket=name, Key=f"locked/objects/{sha[:2]}/{sha[2:]}")
    assert head["ObjectLockMode"] == "COMPLIANCE" and head["ObjectLockRetainUntilDate"]
