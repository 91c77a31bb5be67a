"""Finding 10: `xieshang backup -o FILE` and `xieshang restore FILE`: database + evidence store + ledger head,
one consistent snapshot; backup -> wipe -> restore, then `verify` passes and search finds the same — in real
processes on SQLite, in-process on SQLite and PostgreSQL (the `postgres` pass of `make test`). A restore over
a newer vault is refused without --force, and with it the data there is saved first."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from xieshang.cases.models import Case
from xieshang.evidence.models import EvidenceFile, LedgerEntry
from xieshang.evidence.services import evidence_search

from .conftest import E1_CASE, cli

ROOT = Path(__file__).resolve().parents[3]
DEMO_SMS = ROOT / "src" / "xieshang" / "workbench" / "demo_data" / "sms-demo.xml"
DEMO_CALLS = ROOT / "src" / "xieshang" / "workbench" / "demo_data" / "calls-demo.xml"
XIESHANG = Path(sys.executable).parent / "xieshang"


def _hits(query: str) -> list[tuple[str, str]]:
    result = evidence_search(query=query, limit=100)
    return sorted((h.record.case.name, h.record.text) for h in result.hits)


def _state() -> dict[str, Any]:
    return {
        "cases": sorted(Case.objects.values_list("name", flat=True)),
        "files": sorted(EvidenceFile.objects.values_list("sha256", "original_name")),
        "ledger": list(LedgerEntry.objects.order_by("seq").values_list("seq", "hash")),
        "search": [_hits(q) for q in ("上门", "还款", "逾期")],
    }


@pytest.fixture
def stored(tmp_path: Path) -> dict[str, Any]:
    assert cli("case", "import", str(E1_CASE), "--name", "e1")[0] == 0
    assert cli("import", str(DEMO_SMS), str(DEMO_CALLS), "--case", "e1")[0] == 0
    state = _state()
    assert state["search"][0] and state["ledger"]
    return state


def _wipe(vault: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(vault, ignore_errors=True)
    assert not Case.objects.exists() and not vault.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_backup_wipe_restore_then_verify_and_search_find_the_same(
    stored: dict[str, Any], tmp_path: Path, vault: Path
) -> None:
    archive = tmp_path / "backup.tar"
    status, out, err = cli("backup", "-o", str(archive), "--json")
    assert status == 0, err
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "xieshang-backup.json" and "ledger-head.json" in names
    assert sum(n.startswith("objects/") for n in names) == len({sha for sha, _ in stored["files"]})
    _wipe(vault)
    status, out, err = cli("restore", str(archive), "--json")
    assert status == 0, err
    assert json.loads(out)["verify"]["ok"] is True
    assert _state() == stored
    status, out, _ = cli("verify", "--json")
    assert status == 0 and json.loads(out)["ok"] is True


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_restoring_over_a_newer_vault_needs_force_and_saves_it_first(
    stored: dict[str, Any], tmp_path: Path, vault: Path, settings: Any
) -> None:
    archive = tmp_path / "backup.tar"
    assert cli("backup", "-o", str(archive))[0] == 0
    later = tmp_path / "sms-later.xml"
    from datetime import datetime

    from tests.fixtures.formats import CST, Sms, write_sms_backup

    write_sms_backup(later, [Sms("95188", "后来才收到的催收短信", datetime(2024, 4, 1, 9, 0, tzinfo=CST))])
    assert cli("import", str(later), "--case", "e1")[0] == 0
    newer = _state()
    status, _, err = cli("restore", str(archive))
    assert status == 2 and "--force" in err
    assert _state() == newer  # nothing touched
    settings.HOME = tmp_path / "home"
    settings.HOME.mkdir()
    status, out, err = cli("restore", str(archive), "--force", "--json")
    assert status == 0, err
    report = json.loads(out)
    assert report["verify"]["ok"] is True and Path(report["saved_before"]).is_file()
    assert _state() == stored
    # the newer state was saved first: it can come back
    status, _, err = cli("restore", report["saved_before"], "--json")
    assert status == 0, err
    assert _state() == newer


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_touched(
    stored: dict[str, Any], tmp_path: Path, vault: Path
) -> None:
    archive = tmp_path / "backup.tar"
    assert cli("backup", "-o", str(archive))[0] == 0
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for info in src:
            data = src.extractfile(info).read()  # type: ignore[union-attr]
            if info.name.startswith("objects/"):
                data = data.replace(b"<", b"[", 1)
            dst.addfile(info, __import__("io").BytesIO(data))
    _wipe(vault)
    status, _, err = cli("restore", str(damaged))
    assert status == 2 and "损坏" in err
    assert not Case.objects.exists()
    status, _, err = cli("restore", str(tmp_path / "no-such.tar"))
    assert status == 2


def _run(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))}
    env |= {"XIESHANG_HOME": str(home), "LANG": "en_US.UTF-8"}
    return subprocess.run(
        [str(XIESHANG), *argv], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_real_home_backed_up_removed_and_restored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    case = tmp_path / "e1.toml"
    shutil.copy(E1_CASE, case)
    for argv in (("case", "import", str(case), "--name", "e1"), ("import", str(DEMO_SMS), "--case", "e1")):
        assert _run(home, *argv).returncode == 0
    before = _run(home, "search", "上门", "--json")
    assert before.returncode == 0 and json.loads(before.stdout)["total"] >= 1
    archive = tmp_path / "home.tar"
    done = _run(home, "backup", "-o", str(archive))
    assert done.returncode == 0, done.stderr
    shutil.rmtree(home)  # the disk died
    done = _run(home, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    verify = _run(home, "verify", "--json")
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True
    after = _run(home, "search", "上门", "--json")
    assert json.loads(after.stdout)["hits"] == json.loads(before.stdout)["hits"]
