"""RFC 3161 anchoring of the ledger head against a timestamp authority the test creates (no network)."""

from __future__ import annotations

import pytest

from xieshang.core.errors import InputError, IntegrityError
from xieshang.evidence.models import Anchor, LedgerEntry
from xieshang.evidence.services import evidence_verify, ledger_anchor

from .conftest import fake_import
from .fakes import fake_file, line
from .local_tsa import LocalTSA

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


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


def _some_history(case, tmp_path):  # type: ignore[no-untyped-def]
    fake_import(case, fake_file(tmp_path / "a.txt", [line("2024-03-05T09:00:00+08:00", "95188", "逾期")]))


def test_the_head_is_timestamped_verified_and_the_anchoring_logged(case, tmp_path, trusted):
    _some_history(case, tmp_path)
    head = LedgerEntry.objects.order_by("-seq").first()
    anchor = ledger_anchor(post=trusted.respond)
    assert anchor.head_hash == head.hash and anchor.entry == head and bytes(anchor.token)
    last = LedgerEntry.objects.order_by("-seq").first()
    assert last.kind == "anchor" and head.hash in last.payload
    report = evidence_verify()
    assert report.ok, report.problems
    assert report.anchors_checked == 1


def test_a_token_over_another_message_is_refused(case, tmp_path, trusted):
    _some_history(case, tmp_path)
    trusted.tamper = True
    try:
        with pytest.raises(IntegrityError, match="not over this ledger head"):
            ledger_anchor(post=trusted.respond)
    finally:
        trusted.tamper = False
    assert not Anchor.objects.exists()


def test_a_token_from_an_untrusted_tsa_fails_verification(case, tmp_path, trusted, settings):
    _some_history(case, tmp_path)
    ledger_anchor(post=trusted.respond)
    stranger = tmp_path / "other-ca.pem"
    stranger.write_bytes(LocalTSA.create().ca_pem())
    settings.XIESHANG_TSA_CA_FILE = str(stranger)
    [problem] = evidence_verify().problems
    assert problem.kind == "anchor" and "does not verify" in problem.detail


def test_an_anchor_over_a_rewritten_entry_is_found(case, tmp_path, trusted):
    _some_history(case, tmp_path)
    anchor = ledger_anchor(post=trusted.respond)
    Anchor.objects.filter(pk=anchor.pk).update(head_hash="e" * 64)
    problems = evidence_verify().problems
    assert any(p.kind == "anchor" for p in problems)


def test_no_tsa_or_an_empty_ledger_is_an_input_error(db, settings, tsa):
    settings.XIESHANG_TSA_URL = ""
    with pytest.raises(InputError, match="XIESHANG_TSA_URL"):
        ledger_anchor(post=tsa.respond)
    with pytest.raises(InputError, match="empty"):
        ledger_anchor("http://tsa.invalid/", post=tsa.respond)
