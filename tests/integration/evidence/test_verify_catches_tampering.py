"""Review of the vault: what `evidence_verify` must also catch, and the head that leaves the vault.

Unknown objects in the store, entries cut from the end of the ledger or a whole chain rewritten (the head
witness beside the store), records removed or added behind the ledger's back, timestamps removed or
smuggled in; the head export; anchoring through a real HTTP exchange with a TSA served on 127.0.0.1.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
from rfc3161_client import VerifierBuilder, decode_timestamp_response

from xieshang.core.errors import InputError
from xieshang.evidence import ledger, store
from xieshang.evidence.models import Anchor, EvidenceFile, EvidenceRecord, LedgerEntry
from xieshang.evidence.services import (
    evidence_annotate,
    evidence_deletion_request,
    evidence_export_log,
    evidence_verify,
    ledger_anchor,
)
from xieshang.evidence.tsa import ledger_head_export

from .conftest import fake_import
from .fakes import fake_file, line
from .local_tsa import LocalTSA

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
T = "2024-03-05T09:00:00+08:00"
PNG = b"\x89PNG\r\n\x1a\n-review-"


@pytest.fixture
def history(case, tmp_path, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Two imports (one with an attachment, one repeating a message), an annotation, an export, a deletion
    request — with the commit hooks run, as in a real process."""
    with django_capture_on_commit_callbacks(execute=True):
        fake_import(
            case, fake_file(tmp_path / "a.txt", [line(T, "95188", "您已逾期"), line(T, "95188", "二")])
        )
        fake_import(
            case,
            fake_file(
                tmp_path / "b.txt",
                [line(T, "95188", "您已逾期"), f"{T}|incoming|1069|mms|图|p.png:{PNG.hex()}"],
            ),
        )
        evidence_annotate(record=EvidenceRecord.objects.first(), note="晚上十一点来电")
        evidence_export_log(case=case, description="dossier", sha256s=[hashlib.sha256(PNG).hexdigest()])
        evidence_deletion_request(case=case, sha256=EvidenceFile.objects.first().sha256, reason="误导入")
    return case


def _details(report) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(p.kind, p.item, p.detail) for p in report.problems]


def test_a_vault_with_duplicates_attachments_and_every_entry_kind_verifies(history):
    kinds = list(LedgerEntry.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["import", "import", "annotation", "export", "deletion_request"]
    report = evidence_verify()
    assert report.ok, _details(report)
    assert report.ledger_entries == 5 and report.files_checked == 3
    assert ledger.witness_read() == (5, LedgerEntry.objects.get(seq=5).hash)


def test_an_object_no_file_accounts_for_is_named(history, vault):
    planted = b"planted after the fact"
    sha, _ = store.put_bytes(planted)
    [problem] = evidence_verify().problems
    assert problem.kind == "file" and sha in problem.item and "no evidence file" in problem.detail
    assert problem.detail_zh


def test_stray_files_among_the_objects_are_named(history, vault):
    (vault / "objects" / "notes.txt").write_text("x")
    some_prefix = next(p for p in (vault / "objects").iterdir() if p.is_dir())
    (some_prefix / "short").write_text("x")
    items = {p.item for p in evidence_verify().problems}
    assert items == {"objects/notes.txt", f"objects/{some_prefix.name}/short"}


def test_an_object_left_by_a_killed_import_is_named_and_importing_the_file_again_heals_it(case, tmp_path):
    src = fake_file(tmp_path / "k.txt", [line(T, "95188", "催收")])
    sha = store.file_sha256(src)
    store.put_file(src, sha)  # the process died here: the object is placed, the transaction never committed
    [problem] = evidence_verify().problems
    assert problem.item == f"object {sha}"
    fake_import(case, src)
    assert evidence_verify().ok


def test_entries_cut_from_the_end_are_found_by_the_head_witness(history):
    # Removing the last entries (the deletion request, the export) leaves a valid, shorter chain.
    LedgerEntry.objects.filter(seq__gte=4).delete()
    assert list(ledger.chain_problems()) == []
    [problem] = evidence_verify().problems
    assert (problem.kind, problem.item) == ("ledger", "ledger #5") and "ends at #3" in problem.detail


def test_a_chain_rewritten_end_to_end_is_found_by_the_head_witness(history):
    prev = ledger.GENESIS
    for entry in LedgerEntry.objects.order_by("seq"):
        payload = entry.payload.replace("晚上十一点来电", "没有来电")
        LedgerEntry.objects.filter(pk=entry.pk).update(
            payload=payload, prev_hash=prev, hash=ledger.entry_hash(payload, prev)
        )
        prev = ledger.entry_hash(payload, prev)
    assert list(ledger.chain_problems()) == []  # a consistent forgery of the database alone
    [problem] = evidence_verify().problems
    assert problem.item == "ledger #5" and "rewritten" in problem.detail


def test_the_witness_never_moves_back_and_a_damaged_one_is_named(history):
    head = LedgerEntry.objects.get(seq=5)
    ledger.witness_write(2, "0" * 64)  # a slower process committing an older entry
    assert ledger.witness_read() == (5, head.hash)
    ledger.witness_path().write_text("{broken")
    [problem] = evidence_verify().problems
    assert problem.item == "ledger head" and "cannot be read" in problem.detail


def test_no_witness_yet_is_not_a_problem(history):
    ledger.witness_path().unlink()  # a vault from before the witness
    assert evidence_verify().ok


@pytest.mark.parametrize("how", ["removed", "added"])
def test_records_removed_or_added_behind_the_ledger_are_found(history, how):
    if how == "removed":
        EvidenceRecord.objects.filter(kind="sms", text="二").delete()
    else:
        row = EvidenceRecord.objects.filter(kind="sms").first()
        row.pk, row.fingerprint, row.text = None, "f" * 64, "伪造的短信"
        row.save()
    [problem] = evidence_verify().problems
    assert (problem.kind, problem.item) == ("record", f"case {history.name}")
    # a.txt: two SMS; b.txt: its repeated SMS skipped, an MMS and its attachment → 4 records vouched for.
    expected = "3 records in the database" if how == "removed" else "5 records in the database"
    assert problem.detail.startswith(expected) and "account for 4" in problem.detail


# --- timestamps -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tsa() -> LocalTSA:
    return LocalTSA.create()


@pytest.fixture
def trusted(tsa, tmp_path, settings):  # type: ignore[no-untyped-def]
    ca = tmp_path / "tsa-ca.pem"
    ca.write_bytes(tsa.ca_pem())
    settings.XIESHANG_TSA_CA_FILE = str(ca)
    settings.XIESHANG_TSA_URL = "http://tsa.invalid/"
    return tsa


def test_a_removed_timestamp_and_a_smuggled_one_are_named(history, trusted):
    first = ledger_anchor(post=trusted.respond)
    assert evidence_verify().ok
    Anchor.objects.filter(pk=first.pk).delete()
    [problem] = evidence_verify().problems
    assert problem.kind == "anchor" and problem.item == "ledger #6" and "missing" in problem.detail
    # A timestamp row the ledger never recorded (the anchoring entry is what vouches for it).
    Anchor.objects.create(
        entry=LedgerEntry.objects.get(seq=5),
        head_hash=first.head_hash,
        tsa_url=first.tsa_url,
        token=trusted.respond("", _request_over(first.head_hash)),
        gen_time=first.gen_time,
        created_at=first.created_at,
    )
    details = [p.detail for p in evidence_verify().problems]
    assert "no anchoring entry in the ledger for this timestamp" in details


def _request_over(hash_hex: str) -> bytes:
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    builder = TimestampRequestBuilder().data(hash_hex.encode()).hash_algorithm(HashAlgorithm.SHA256)
    return builder.cert_request(cert_request=True).build().as_bytes()


def test_verify_says_whether_timestamp_signatures_were_checked(history, trusted, settings):
    ledger_anchor(post=trusted.respond)
    assert evidence_verify().anchor_signatures_checked is True
    settings.XIESHANG_TSA_CA_FILE = ""
    report = evidence_verify()
    assert report.ok and report.anchors_checked == 1 and report.anchor_signatures_checked is False


def test_the_exported_head_carries_tokens_that_verify_outside_the_vault(history, trusted, tmp_path):
    anchor = ledger_anchor(post=trusted.respond)
    doc = json.loads(json.dumps(ledger_head_export()))
    head = LedgerEntry.objects.order_by("-seq").first()
    assert doc["head"]["seq"] == head.seq == 6 and doc["head"]["hash"] == head.hash
    [exported] = doc["anchors"]
    assert (
        exported["seq"] == 5 and exported["hash"] == anchor.head_hash == LedgerEntry.objects.get(seq=5).hash
    )
    token = base64.b64decode(exported["token_der_base64"])
    verifier = VerifierBuilder().add_root_certificate(trusted.ca_cert).build()
    verifier.verify_message(decode_timestamp_response(token), exported["message"].encode("ascii"))
    assert LedgerEntry.objects.count() == 6  # exporting adds no entry
    if shutil.which("openssl"):  # the documented independent check
        (tmp_path / "t.tsr").write_bytes(token)
        (tmp_path / "msg").write_bytes(exported["message"].encode("ascii"))
        (tmp_path / "ca.pem").write_bytes(trusted.ca_pem())
        done = subprocess.run(
            ["openssl", "ts", "-verify", "-data", "msg", "-in", "t.tsr", "-CAfile", "ca.pem"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Verification: OK" in done.stdout, done.stdout + done.stderr


class _TsaHandler(http.server.BaseHTTPRequestHandler):
    tsa: LocalTSA
    mode = "ok"
    seen: list[str] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append(self.headers["Content-Type"])
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        answer = b"<html>not a timestamp</html>" if self.mode == "garbage" else self.tsa.respond("", body)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        """Quiet: the request lines would clutter the test output."""


@contextlib.contextmanager
def serve_tsa(tsa: LocalTSA) -> Iterator[tuple[str, type[_TsaHandler]]]:
    """Serve the local TSA over HTTP on 127.0.0.1 (a free port); yields (URL, handler class)."""
    handler = type("Handler", (_TsaHandler,), {"tsa": tsa, "mode": "ok", "seen": []})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsr", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def tsa_server(trusted) -> Iterator[tuple[str, type[_TsaHandler]]]:  # type: ignore[no-untyped-def]
    with serve_tsa(trusted) as served:
        yield served


def test_anchoring_over_http_to_a_local_tsa(history, tsa_server):
    url, handler = tsa_server
    anchor = ledger_anchor(tsa_url=url)
    assert handler.seen == ["application/timestamp-query"]
    assert anchor.tsa_url == url and evidence_verify().ok
    handler.mode = "error"
    with pytest.raises(InputError, match="timestamp authority failed"):
        ledger_anchor(tsa_url=url)
    handler.mode = "garbage"
    with pytest.raises(InputError, match="timestamp authority failed"):
        ledger_anchor(tsa_url=url)
    assert Anchor.objects.count() == 1 and LedgerEntry.objects.count() == 6


def test_an_altered_stored_copy_stops_an_import_that_would_read_it(history, tmp_path, vault):
    from xieshang.core.errors import IntegrityError

    from .conftest import make_case

    src = tmp_path / "a.txt"  # already in the vault for case li-ming
    stored = store.object_path(store.file_sha256(src))
    stored.chmod(0o600)
    stored.write_bytes(stored.read_bytes().replace("逾期".encode(), "还清".encode()))
    other = make_case("other")
    with pytest.raises(IntegrityError, match="altered"):
        fake_import(other, src)
    assert not EvidenceRecord.objects.filter(case=other).exists()
    assert not EvidenceFile.objects.filter(case=other).exists()
    assert stored.exists()  # the altered copy is left for verify to name, not removed
