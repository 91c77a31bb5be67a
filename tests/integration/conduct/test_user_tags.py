"""Issue 16 end to end: the night threat from a private mobile is a finding of an untagged number; the
user tags the number (CLI, API, web) — a ledger entry, the records unchanged — and the finding moves under
360借条; a relative's exported SMS marked as received by them is third-party contact."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client

from tests.fixtures.formats import Sms, write_sms_backup
from tests.integration.conduct.conftest import DAY, make_case
from xieshang.cases.models import Case
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.conduct.service import conduct_report
from xieshang.conduct.tags import evidence_received_by, lender_tag_add, lender_tag_remove, user_lender_tags
from xieshang.core.errors import InputError
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry
from xieshang.evidence.services import evidence_import

pytestmark = pytest.mark.django_db

COLLECTOR = "17712345678"
THREAT = "我是法务部工号A1024…三日内不处理将起诉立案"  # the example, word for word


def _case_with_threat(tmp_path: Path, name: str = "night") -> Case:
    case = make_case(name, lenders=("360借条", "招联金融"))
    path = write_sms_backup(tmp_path / "sms.xml", [Sms(COLLECTOR, THREAT, DAY.replace(hour=23, minute=30))])
    evidence_import(case=case, paths=[path])
    return case


def _night(case: Case) -> list[tuple[str, str]]:
    return [(f.lender, f.counterpart) for f in conduct_report(case=case).findings if f.rule == "hours.night"]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": "zh_CN.UTF-8"}))
    return status, out.getvalue(), err.getvalue()


def test_tagging_moves_the_night_threat_under_the_lender_and_changes_no_record(tmp_path: Path) -> None:
    case = _case_with_threat(tmp_path)
    record = EvidenceRecord.objects.get(case=case, counterpart=COLLECTOR)
    before = (record.lender, record.debt_id, record.fingerprint, record.text)
    report = conduct_report(case=case)
    night = [f for f in report.findings if f.rule == "hours.night"]
    assert [(f.lender, f.counterpart) for f in night] == [("", COLLECTOR)]
    assert f"来自未标记的号码 {COLLECTOR}：内容像是催收" in night[0].detail_zh
    assert night[0].evidence_ids == (str(record.pk),)
    # The suggestion shows the staff number; no lender is named, so the user names it.
    assert [(s.counterpart, s.lender, s.marks) for s in report.suggestions] == [
        (COLLECTOR, "", ("法务部", "工号A1024"))
    ]

    entry = lender_tag_add(case=case, counterpart="+86 177-1234-5678", lender="360借条")
    assert (
        entry.kind == LedgerEntry.Kind.ANNOTATION and json.loads(entry.payload)["data"]["lender"] == "360借条"
    )
    assert _night(case) == [("360借条", COLLECTOR)]
    assert not conduct_report(case=case).suggestions
    record.refresh_from_db()
    assert (
        record.lender,
        record.debt_id,
        record.fingerprint,
        record.text,
    ) == before  # the record is untouched

    lender_tag_remove(case=case, counterpart=COLLECTOR)
    assert _night(case) == [("", COLLECTOR)]
    kinds = list(LedgerEntry.objects.filter(case_name=case.name).values_list("kind", flat=True))
    assert kinds.count("annotation") == 2  # both the tag and its withdrawal stay in the chain
    with pytest.raises(InputError):
        lender_tag_remove(case=case, counterpart=COLLECTOR)
    with pytest.raises(InputError):
        lender_tag_add(case=case, counterpart="  ", lender="360借条")


def test_the_cli_tags_lists_and_suggests(tmp_path: Path) -> None:
    case = _case_with_threat(tmp_path, "night-cli")
    status, out, err = cli("lender-tags", case.name, "--json")
    assert status == 0, err
    listed = json.loads(out)
    assert listed["tags"] == [] and listed["suggestions"][0]["counterpart"] == COLLECTOR
    assert "工号A1024" in listed["suggestions"][0]["reason"]
    status, out, err = cli("lender-tag", case.name, COLLECTOR, "360借条")
    assert status == 0 and "台账 #" in out, err
    status, out, _ = cli("conduct", case.name, "--json")
    night = [f for f in json.loads(out)["findings"] if f["rule"] == "hours.night"]
    assert [(f["lender"], f["untagged"]) for f in night] == [("360借条", False)]
    status, out, _ = cli("lender-tags", case.name)
    assert status == 0 and f"{COLLECTOR} → 360借条" in out
    status, _, err = cli("lender-tag", case.name, COLLECTOR, "")
    assert status == 2 and "机构名称" in err and "Traceback" not in err


def test_the_api_and_the_web_page_tag_too(tmp_path: Path) -> None:
    case = _case_with_threat(tmp_path, "night-web")
    client = Client()
    client.force_login(case.owner)
    response = client.get(f"/api/cases/{case.name}/conduct")
    assert response.status_code == 200
    night = [f for f in response.json()["findings"] if f["rule"] == "hours.night"]
    assert night[0]["untagged"] and night[0]["counterpart"] == COLLECTOR
    assert response.json()["tag_suggestions"][0]["counterpart"] == COLLECTOR
    response = client.post(
        f"/api/cases/{case.name}/lender-tags",
        {"counterpart": COLLECTOR, "lender": "360借条"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["ledger_seq"] > 0
    assert _night(case) == [("360借条", COLLECTOR)]
    tags = client.get(f"/api/cases/{case.name}/lender-tags").json()
    assert [t["lender"] for t in tags["tags"]] == ["360借条"]
    response = client.post(
        f"/api/cases/{case.name}/lender-tags/remove",
        {"counterpart": COLLECTOR},
        content_type="application/json",
    )
    assert response.status_code == 201 and _night(case) == [("", COLLECTOR)]

    page = client.get(f"/cases/{case.name}/conduct/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="conduct-tags"' in html and f'data-counterpart="{COLLECTOR}"' in html
    response = client.post(
        f"/cases/{case.name}/conduct/tag/", {"counterpart": COLLECTOR, "lender": "360借条", "action": "tag"}
    )
    assert response.status_code == 302 and _night(case) == [("360借条", COLLECTOR)]
    assert [t.lender for t in user_lender_tags(case=case).values()] == ["360借条"]
    # Another user sees nothing and tags nothing.
    from django.contrib.auth import get_user_model

    stranger = Client()
    stranger.force_login(get_user_model().objects.create_user("stranger-16", password="x" * 12))
    assert (
        stranger.post(f"/cases/{case.name}/conduct/tag/", {"counterpart": "1", "lender": "x"}).status_code
        == 404
    )
    assert stranger.get(f"/api/cases/{case.name}/lender-tags").status_code == 404


def test_a_relatives_exported_sms_is_third_party_contact(tmp_path: Path) -> None:
    case = make_case("relative", lenders=("360借条",))
    afternoon = DAY.replace(hour=15)
    path = write_sms_backup(
        tmp_path / "mother.xml",
        [Sms("17700001111", "你儿子欠我们360借条的钱，你赶紧让他还，不然我们天天打给你。", afternoon)],
    )
    evidence_import(case=case, paths=[path])
    assert not [f for f in conduct_report(case=case).findings if f.rule == "third_party.reached_other_number"]
    file = EvidenceFile.objects.get(case=case)
    entry = evidence_received_by(case=case, sha256=file.sha256, holder="母亲 13800000000")
    assert json.loads(entry.payload)["data"]["holder"] == "母亲 13800000000"
    found = [f for f in conduct_report(case=case).findings if f.rule == "third_party.reached_other_number"]
    assert len(found) == 1 and "母亲 13800000000" in found[0].detail_zh and found[0].evidence_ids
    with pytest.raises(InputError):
        evidence_received_by(case=case, sha256="0" * 64, holder="母亲")
    # The same from the CLI and the API (each a ledger entry; the latest for a file wins).
    status, out, err = cli("received-by", case.name, file.sha256, "父亲 13900000000", "--json")
    assert status == 0 and json.loads(out)["ledger_seq"] > entry.seq, err
    assert "父亲 13900000000" in next(
        f.detail_zh
        for f in conduct_report(case=case).findings
        if f.rule == "third_party.reached_other_number"
    )
    client = Client()
    client.force_login(case.owner)
    response = client.post(
        f"/api/cases/{case.name}/evidence/received-by",
        {"file": file.sha256, "holder": "妹妹"},
        content_type="application/json",
    )
    assert response.status_code == 201
    listed = client.get(f"/api/cases/{case.name}/lender-tags").json()
    assert [r["holder"] for r in listed["received_by"]] == ["妹妹"]
    bad = client.post(
        f"/api/cases/{case.name}/evidence/received-by", {"file": file.sha256}, content_type="application/json"
    )
    assert bad.status_code == 400 and "收到" in bad.json()["message_zh"]


def test_import_received_by_marks_the_files(tmp_path: Path) -> None:
    case = make_case("relative-cli", lenders=("360借条",))
    path = write_sms_backup(
        tmp_path / "father.xml",
        [Sms("17700002222", "你女儿欠我们360借条的钱，你赶紧让她还，不然天天打给你。", DAY.replace(hour=16))],
    )
    status, out, err = cli("import", str(path), "--case", case.name, "--received-by", "父亲 13700000000")
    assert status == 0 and "父亲 13700000000" in out, err
    found = [f for f in conduct_report(case=case).findings if f.rule == "third_party.reached_other_number"]
    assert len(found) == 1 and "父亲 13700000000" in found[0].detail_zh
    status, _, err = cli("import", str(path), "--case", case.name, "--received-by", " ")
    assert status == 2 and "--received-by" in err
