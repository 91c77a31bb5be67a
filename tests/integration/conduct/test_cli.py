"""`xieshang conduct NAME [--json]` in-process (spec cli.md)."""

from __future__ import annotations

import io
import json

import pytest

from xieshang.cases.models import Case
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.evidence.models import EvidenceRecord

from .conftest import OWN, THREAT

pytestmark = [pytest.mark.django_db]


def cli(*argv: str, lang: str = "zh_CN.UTF-8") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": lang}))
    return status, out.getvalue(), err.getvalue()


def test_json_contract(imported_case: Case) -> None:
    status, out, err = cli("conduct", "wang-fang", "--json", "--own-number", OWN)
    assert status == 0, err
    doc = json.loads(out)
    assert doc["case"] == "wang-fang"
    assert doc["findings"]
    for finding in doc["findings"]:
        assert {"rule", "severity", "confidence", "source", "evidence_ids", "when", "detail"} <= set(finding)
        assert finding["confidence"] in ("verified", "quoted", "unconfirmed")
        assert finding["evidence_ids"] and all(isinstance(i, int) for i in finding["evidence_ids"])
    threat_id = EvidenceRecord.objects.get(text=THREAT).pk
    rules = {f["rule"] for f in doc["findings"] if threat_id in f["evidence_ids"]}
    assert {"hours.night", "threat.visit"} <= rules
    night = next(f for f in doc["findings"] if f["rule"] == "hours.night")
    assert "未确认" in night["detail"] and night["when"].endswith("+08:00")
    assert "third_party.reached_other_number" in {f["rule"] for f in doc["findings"]}
    assert len(doc["summary"]["heatmap"]) == 7 and len(doc["summary"]["heatmap"][0]) == 24
    assert "不构成法律意见" in doc["disclaimer"]


def test_human_output_in_chinese_and_english(imported_case: Case) -> None:
    status, out, _ = cli("conduct", "wang-fang")
    assert status == 0
    assert "不当催收" in out and "招联金融" in out and "不构成法律意见" in out and "未确认" in out
    status, out, _ = cli("conduct", "wang-fang", lang="en_US.UTF-8")
    assert status == 0
    assert "possible improper-collection findings" in out and "Not legal advice" in out


def test_thresholds_from_the_command_line(imported_case: Case) -> None:
    _, out, _ = cli("conduct", "wang-fang", "--json", "--calls-per-day", "10")
    assert "frequency.calls_per_day" not in {f["rule"] for f in json.loads(out)["findings"]}
    _, out, _ = cli("conduct", "wang-fang", "--json", "--court-case")
    assert "court.fake_process" not in {f["rule"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("conduct", "no-such-case"), "no-such-case"),
        (("conduct", "wang-fang", "--calls-per-day", "0"), "阈值"),
        (("conduct", "wang-fang", "--rules", "/nonexistent/rules.toml"), "rules.toml"),
        (("conduct", "wang-fang", "--own-number", "妈妈"), "妈妈"),
    ],
)
def test_bad_input_is_exit_2_without_traceback(
    imported_case: Case, argv: tuple[str, ...], needle: str
) -> None:
    status, out, err = cli(*argv)
    assert status == 2
    assert out == "" and "Traceback" not in err and needle in err


def test_a_counselors_edited_rules_file(imported_case: Case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from importlib import resources

    text = (resources.files("xieshang.knowledge.rules") / "conduct.toml").read_text(encoding="utf-8")
    edited = tmp_path / "conduct.toml"
    edited.write_text(text.replace('id = "insult"', 'id = "insult.custom"'), encoding="utf-8")
    status, out, err = cli("conduct", "wang-fang", "--json", "--rules", str(edited))
    assert status == 0, err
    assert "insult.custom" in {f["rule"] for f in json.loads(out)["findings"]}
    broken = tmp_path / "broken.toml"
    broken.write_text("version = [", encoding="utf-8")
    status, _, err = cli("conduct", "wang-fang", "--rules", str(broken))
    assert status == 2 and "TOML" in err


def test_an_empty_case_says_what_to_import(db: None) -> None:
    from .conftest import make_case

    make_case("empty", lenders=("招联金融",))
    status, out, _ = cli("conduct", "empty")
    assert status == 0 and "0 项" in out and "xieshang import" in out
    status, out, _ = cli("conduct", "empty", "--json")
    assert status == 0 and json.loads(out)["findings"] == []
