"""Import integrity: a failed import never removes an object another import relies on; leftovers of a
killed import (temporary copies, journals, objects no file refers to) are swept."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from xieshang.core.errors import InputError
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile
from xieshang.evidence.services import evidence_verify

from .conftest import fake_import, objects_in
from .fakes import fake_file, line

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

T = "2024-03-05T09:00:00+08:00"


def _broken(tmp_path):
    return fake_file(tmp_path / "bad.txt", [line(T, "95188", "第一条"), "BROKEN"])


def test_a_failed_import_keeps_its_object_while_another_import_is_running(case, tmp_path, vault):
    bad = _broken(tmp_path)
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()
    other = store.ImportSession().__enter__()  # another import in flight (it may refer to the object)
    try:
        with pytest.raises(InputError):
            fake_import(case, bad)
        assert store.has_object(sha)  # not removed under the other import's feet
        assert any(p.name.startswith("journal-") for p in (vault / "tmp").iterdir())
        # the other import commits a file that refers to the same object
        EvidenceFile.objects.create(
            case=case,
            sha256=sha,
            size=bad.stat().st_size,
            original_name="bad.txt",
            imported_at=case.created_at,
        )
    finally:
        other.__exit__(None, None, None)
    swept = store.sweep()
    assert swept.exclusive and swept.objects == [] and store.has_object(sha)  # referred to: kept
    assert not any(p.name.startswith("journal-") for p in (vault / "tmp").iterdir())


def test_an_object_left_by_a_failed_import_is_swept_once_no_import_runs(case, tmp_path, vault):
    bad = _broken(tmp_path)
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()
    other = store.ImportSession().__enter__()
    try:
        with pytest.raises(InputError):
            fake_import(case, bad)
        assert store.has_object(sha)
        report = evidence_verify()  # the object is journalled by an import that may still commit: no problem
        assert report.ok, report.problems
        assert report.cleaned.pending == [sha]
    finally:
        other.__exit__(None, None, None)
    report = evidence_verify()
    assert report.ok and report.as_json()["cleaned"]["orphan_objects_removed"] == [sha]
    assert not store.has_object(sha) and objects_in(vault) == []


def test_a_failed_import_alone_removes_its_new_object_at_once(case, tmp_path, vault):
    bad = _broken(tmp_path)
    with pytest.raises(InputError):
        fake_import(case, bad)
    assert objects_in(vault) == [] and list((vault / "tmp").iterdir()) == []


def test_leftovers_of_a_killed_import_are_cleared_at_the_next_import(case, tmp_path, vault):
    # a killed import: its temporary copy, its journal, and the object it placed before the kill
    killed_sha, _ = store.put_bytes(b"placed just before the kill")
    tmp = vault / "tmp"
    (tmp / "incoming-abc123").write_bytes(b"half a cop")
    (tmp / f"journal-999-{'0' * 32}").write_text(killed_sha + "\n")
    src = fake_file(tmp_path / "a.txt", [line(T, "95188", "您已逾期")])
    fake_import(case, src)
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert not store.has_object(killed_sha)
    assert evidence_verify().ok


def test_stale_temporary_files_go_even_while_another_import_runs_fresh_ones_stay(vault):
    other = store.ImportSession().__enter__()  # another import running (its own sweep ran first)
    try:
        tmp = vault / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        old, fresh = tmp / "incoming-old", tmp / "incoming-fresh"
        old.write_bytes(b"x")
        fresh.write_bytes(b"y")
        hours_ago = time.time() - 2 * store.STALE_SECONDS
        os.utime(old, (hours_ago, hours_ago))
        swept = store.sweep()
    finally:
        other.__exit__(None, None, None)
    assert not swept.exclusive and swept.temp_files == ["incoming-old"]
    assert not old.exists() and fresh.exists()
    assert store.sweep().temp_files == ["incoming-fresh"]  # no import running: every leftover goes


def test_verify_reports_what_it_cleaned(vault):
    tmp = vault / "tmp"
    tmp.mkdir(parents=True)
    (tmp / "incoming-1").write_bytes(b"x")
    report = evidence_verify()
    assert report.ok and report.as_json()["cleaned"] == {
        "temp_files_removed": 1,
        "orphan_objects_removed": [],
    }
