"""Review of `xieshang import / search / verify` (in-process): bad paths, filters, the JSON contract, the
problems named in the reader's language, the head export and anchoring over HTTP from the command line."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.formats import Sms, write_sms_backup
from xieshang.cases.models import Case
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry

from .conftest import fake_import, make_case, objects_in
from .fakes import fake_file, line
from .local_tsa import LocalTSA
from .test_verify_catches_tampering import serve_tsa

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
T = "2024-03-05T09:00:00+08:00"


def cli(*argv: str, lang: str = "zh_CN.UTF-8") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": lang, "XIESHANG_DEBUG": "1"}))
    return status, out.getvalue(), err.getvalue()


def _nothing_written(vault: Path) -> None:
    assert not Case.objects.exists() and not LedgerEntry.objects.exists() and objects_in(vault) == []


@pytest.mark.parametrize("kind", ["fifo", "device", "missing"])
def test_paths_that_are_not_readable_files_are_refused_naming_them(tmp_path, vault, kind):
    if kind == "fifo":
        path = tmp_path / "sms-pipe.xml"
        os.mkfifo(path)  # reading it would block the import forever
    elif kind == "device":
        path = Path("/dev/zero")  # reading it would never end
    else:
        path = tmp_path / "gone.xml"
    status, out, err = cli("import", str(path), "--case", "li-ming", "--json")
    assert status == 2 and out == "" and str(path) in err and "Traceback" not in err
    assert ("找不到" if kind == "missing" else "不是普通文件") in err and len(err.strip().splitlines()) == 1
    _nothing_written(vault)


def test_a_file_that_cannot_be_read_is_exit_2_naming_it(tmp_path, vault, monkeypatch):
    src = fake_file(tmp_path / "locked.txt", [line(T, "95188", "x")])

    def denied(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(store, "file_sha256", denied)
    status, out, err = cli("import", str(src), "--case", "li-ming", lang="en_US.UTF-8")
    assert status == 2 and out == "" and "Traceback" not in err
    assert "Cannot read the file" in err and str(src) in err and "Permission denied" in err
    assert objects_in(vault) == []


@pytest.fixture
def evidence(db, tmp_path):  # type: ignore[no-untyped-def]
    case = make_case("li-ming", lenders=("360借条",))
    other = make_case("other")
    fake_import(
        case,
        fake_file(
            tmp_path / "a.txt",
            [
                line("2024-03-05T09:00:00+08:00", "1069012345", "【360借条】您的借款已逾期，请还款"),
                line("2024-03-20T23:30:00+08:00", "13800138000", "你再不还款就去你单位找你，逾期了"),
                line("2024-04-02T08:00:00+08:00", "13800138000", "逾期通知", kind="chat"),
                line("2024-04-02T00:30:00+08:00", "13800138000", "来电", kind="call"),
            ],
        ),
    )
    fake_import(other, fake_file(tmp_path / "b.txt", [line(T, "95188", "另一个案件的逾期短信")]))
    return case


def _ids(*argv: str) -> list[tuple[str, str]]:
    status, out, err = cli("search", *argv, "--json")
    assert status == 0, err
    doc = json.loads(out)
    assert doc["total"] == len(doc["hits"])
    return sorted((h["kind"], h["counterpart"]) for h in doc["hits"])


def test_search_filters_from_the_command_line(evidence):
    assert len(_ids("逾期")) == 4
    assert _ids("逾期", "--case", "other") == [("sms", "95188")]
    assert _ids("逾期", "--lender", "360借条") == [("sms", "1069012345")]
    assert _ids("逾期", "--counterpart", "138001") == [("chat", "13800138000"), ("sms", "13800138000")]
    assert _ids("逾期", "--kind", "chat", "--kind", "call") == [("chat", "13800138000")]
    # Days are local (Asia/Shanghai): 2024-04-02 08:00 +08:00 is on the 2nd, 2024-03-20 23:30 on the 20th.
    assert _ids("逾期", "--from", "2024-03-20", "--to", "2024-03-20") == [("sms", "13800138000")]
    assert _ids("逾期", "--case", "li-ming", "--from", "2024-04-01") == [("chat", "13800138000")]


def test_search_json_is_the_contract_with_local_aware_times(evidence):
    status, out, _ = cli("search", "单位", "--json")
    doc = json.loads(out)
    assert status == 0 and set(doc) >= {"query", "total", "hits"} and doc["query"] == "单位"
    [hit] = doc["hits"]
    assert set(hit) >= {"id", "kind", "case", "timestamp", "counterpart", "snippet"}
    assert (hit["kind"], hit["case"], hit["counterpart"]) == ("sms", "li-ming", "13800138000")
    assert hit["timestamp"] == "2024-03-20T23:30:00+08:00"
    [(start, end)] = hit["highlights"]
    assert hit["snippet"][start:end] == "单位"


def test_the_highlighted_words_are_never_cut_off_in_the_table(db, tmp_path):
    case = make_case("long")
    long_text = "您好" + "，这是一条很长的催收短信" * 6 + "，关键词在最后：上门催收"
    fake_import(case, fake_file(tmp_path / "l.txt", [line(T, "95188", long_text)]))
    status, out, _ = cli("search", "上门催收")
    assert status == 0 and "上门催收" in out.replace("│", "").replace("\n", "").replace(" ", "")
    assert "95188" in out


def test_verify_json_names_every_problem_and_exits_3(evidence, vault):
    file = EvidenceFile.objects.get(original_name="a.txt")
    path = store.object_path(file.sha256)
    path.chmod(0o600)
    path.write_bytes(path.read_bytes() + b"x")
    LedgerEntry.objects.filter(seq=2).update(
        payload=LedgerEntry.objects.get(seq=2).payload.replace("b.txt", "c")
    )
    status, out, err = cli("verify", "--json")
    doc = json.loads(out)  # stdout holds the JSON document and nothing else
    assert status == 3 and doc["ok"] is False and doc["ledger_entries"] == 2 and doc["files_checked"] == 2
    got = {(p["kind"], p["item"], p["detail"]) for p in doc["problems"]}
    assert ("file", f"li-ming/a.txt ({file.sha256})", "size differs") in got
    assert ("ledger", "ledger #2", "hash does not match the entry's content") in got
    assert all(set(p) >= {"kind", "item", "detail"} for p in doc["problems"])
    assert "a.txt" in err


def test_verify_problems_are_told_in_the_readers_language(evidence, vault):
    file = EvidenceFile.objects.get(original_name="a.txt")
    store.remove_new_object(file.sha256)
    status, _, err = cli("verify")
    assert status == 3 and "文件缺失" in err and "missing" not in err
    status, _, err = cli("verify", lang="en_US.UTF-8")
    assert status == 3 and "missing" in err and "文件" not in err


def test_verify_exports_the_head_only_when_clean(evidence, tmp_path, vault):
    target = tmp_path / "head.json"
    status, out, _ = cli("verify", "--export-head", str(target), "--json")
    head = LedgerEntry.objects.order_by("-seq").first()
    assert status == 0 and json.loads(out)["head"] == {"seq": head.seq, "hash": head.hash}
    assert json.loads(target.read_text())["head"]["hash"] == head.hash
    target.unlink()
    store.remove_new_object(EvidenceFile.objects.first().sha256)
    status, _, _ = cli("verify", "--export-head", str(target))
    assert status == 3 and not target.exists()
    status, _, err = cli("verify", "--export-head", str(tmp_path / "no-such-dir" / "h.json"))
    assert status == 2 and "--export-head" in err


@pytest.fixture
def tsa_server(tmp_path, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A TSA on 127.0.0.1 whose root the vault trusts; yields its URL."""
    tsa = LocalTSA.create()
    ca = tmp_path / "tsa-ca.pem"
    ca.write_bytes(tsa.ca_pem())
    settings.XIESHANG_TSA_CA_FILE = str(ca)
    with serve_tsa(tsa) as (url, _):
        yield url


def test_verify_anchor_over_http_from_the_command_line(evidence, tsa_server, settings, tmp_path):
    settings.XIESHANG_TSA_URL = tsa_server
    target = tmp_path / "head.json"
    status, out, err = cli("verify", "--anchor", "--export-head", str(target), "--json")
    assert status == 0, err
    doc = json.loads(out)
    assert doc["anchor"]["hash"] == LedgerEntry.objects.get(seq=2).hash
    exported = json.loads(target.read_text())
    assert [a["seq"] for a in exported["anchors"]] == [2] and exported["head"]["seq"] == 3
    status, out, _ = cli("verify", "--json")
    assert status == 0 and json.loads(out)["anchors_checked"] == 1


def test_verify_tells_when_timestamp_signatures_were_not_checked(evidence, tsa_server, settings):
    settings.XIESHANG_TSA_URL = tsa_server
    assert cli("verify", "--anchor")[0] == 0
    settings.XIESHANG_TSA_CA_FILE = ""
    status, out, _ = cli("verify", lang="en_US.UTF-8")
    assert status == 0 and "signatures were not" in out


def test_no_message_text_or_number_reaches_the_logs(db, tmp_path, caplog):
    path = write_sms_backup(
        tmp_path / "sms-1.xml",
        [
            Sms(
                address="13912345678",
                body="王喆请于今日还款",
                when=__import__("datetime").datetime.now().astimezone(),
            )
        ],
    )
    with caplog.at_level(logging.DEBUG):
        assert cli("import", str(path), "--case", "logs")[0] == 0
        assert cli("search", "王喆")[0] == 0
        assert cli("verify")[0] == 0
    logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert "王喆" not in logged and "13912345678" not in logged


def test_a_failing_file_after_good_ones_writes_nothing(tmp_path, vault):
    good = write_sms_backup(tmp_path / "sms-1.xml")
    bad = tmp_path / "sms-2.xml"
    bad.write_bytes(good.read_bytes()[:-200])  # truncated
    status, out, err = cli("import", str(good), str(bad), "--case", "li-ming", "--json", lang="en_US.UTF-8")
    assert status == 2 and out == "" and "sms-2.xml" in err and "Traceback" not in err
    assert "none of the files of this import was written" in err and len(err.strip().splitlines()) == 1
    assert not EvidenceFile.objects.exists() and not LedgerEntry.objects.exists()
    assert not [p for p in (vault / "objects").rglob("*") if p.is_file()]
    status, out, _ = cli("import", str(good), "--case", "li-ming")
    assert status == 0 and "没有新内容" not in out


def test_a_refusal_before_anything_is_written_claims_nothing_was_kept(tmp_path, settings):
    good = write_sms_backup(tmp_path / "sms-1.xml")
    settings.XIESHANG_UPLOAD_MAX_BYTES = 100
    status, _, err = cli("import", str(good), str(good), "--case", "li-ming")
    assert status == 2 and "XIESHANG_UPLOAD_MAX_BYTES" in err and "已导入" not in err
    assert not EvidenceFile.objects.exists()


def test_annotation_and_deletion_request_from_the_command_line_are_ledger_entries(evidence, vault):
    status, out, _ = cli("search", "单位", "--json")
    record_id = json.loads(out)["hits"][0]["id"]
    status, out, err = cli("evidence", "annotate", str(record_id), "晚上十一点半发来，威胁到单位", "--json")
    assert status == 0, err
    entry = json.loads(out)
    assert entry["kind"] == "annotation" and entry["seq"] == 3 and entry["data"]["record"] == record_id
    file = EvidenceFile.objects.get(original_name="a.txt")
    status, out, err = cli("evidence", "request-deletion", "li-ming", file.sha256[:10], "--reason", "误导入")
    assert status == 0 and "#4" in out, err
    file.refresh_from_db()
    assert file.deletion_requested_at is not None and store.has_object(file.sha256)  # kept
    status, out, _ = cli("evidence", "ledger", "--json")
    kinds = [(e["seq"], e["kind"]) for e in json.loads(out)["entries"]]
    assert kinds == [(1, "import"), (2, "import"), (3, "annotation"), (4, "deletion_request")]
    status, out, _ = cli("evidence", "ledger", "--case", "other", "--json")
    assert [e["seq"] for e in json.loads(out)["entries"]] == [2]
    assert cli("verify")[0] == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("evidence", "annotate", "999999", "x"), "999999"),
        (("evidence", "annotate", "FIRST", "   "), "批注为空"),
        (("evidence", "request-deletion", "li-ming", "zz"), "zz"),
        (("evidence", "request-deletion", "li-ming", "0" * 12), "000000000000"),
        (("evidence", "request-deletion", "nobody", "0" * 12), "nobody"),
        (("evidence", "ledger", "--limit", "0"), "--limit"),
    ],
)
def test_ledger_commands_refuse_bad_input_with_exit_2(evidence, argv, needle):
    before = LedgerEntry.objects.count()
    first = str(EvidenceRecord.objects.order_by("id").first().pk)
    status, out, err = cli(*(first if a == "FIRST" else a for a in argv))
    assert status == 2 and needle in err and "Traceback" not in err
    assert LedgerEntry.objects.count() == before
