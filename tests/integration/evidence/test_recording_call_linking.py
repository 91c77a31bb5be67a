"""Review of recording ↔ call linking on real-format files: OPPO names with a contact only (minutes),
+86 numbers on one side only, and nothing linked across contacts or outside the call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.fixtures.formats import Call, oppo_recording_name, write_call_log, write_mp3
from xieshang.evidence.linking import link_recordings
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.services import evidence_import

from .conftest import make_case

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
CST = timedelta(hours=8)


def test_recordings_link_by_contact_name_or_by_number_with_or_without_86(tmp_path):
    local = datetime(2024, 3, 5, 10, 5, 40)  # the call starts 10:05:40 local
    utc = (local - CST).replace(tzinfo=UTC)
    calls = write_call_log(
        tmp_path / "calls-1.xml",
        [
            Call("+8613912345678", utc, 300, 1, "王催收"),
            Call("13700001111", utc + timedelta(hours=1), 60, 1, "李某"),
        ],
    )
    by_name = write_mp3(tmp_path / oppo_recording_name("王催收", local), 30.0)  # `王催收-2403051005.mp3`
    by_number = write_mp3(tmp_path / oppo_recording_name("13912345678", local + timedelta(minutes=2)), 5.0)
    stranger = write_mp3(tmp_path / oppo_recording_name("张三", local), 7.0)  # no call with 张三
    case = make_case("links")
    evidence_import(case=case, paths=[by_name, by_number, stranger])
    assert link_recordings(case) == 0  # no calls yet
    evidence_import(case=case, paths=[calls])  # the call log comes later: linking runs then
    call = EvidenceRecord.objects.get(kind="call", counterpart_name="王催收")
    linked = {
        r.source_file.original_name: r.linked_record_id
        for r in EvidenceRecord.objects.filter(kind="recording").select_related("source_file")
    }
    assert linked == {by_name.name: call.pk, by_number.name: call.pk, stranger.name: None}
    call.refresh_from_db()
    assert call.linked_record is not None and call.linked_record.kind == "recording"


def test_a_recording_whose_time_is_the_file_mtime_is_never_linked_by_time(tmp_path):
    local = datetime(2024, 3, 5, 10, 5, 40)
    utc = (local - CST).replace(tzinfo=UTC)
    calls = write_call_log(tmp_path / "calls-1.xml", [Call("13912345678", utc, 300, 1, "王催收")])
    recording = write_mp3(tmp_path / oppo_recording_name("13912345678", local), 5.0)
    case = make_case("mtime-links")
    evidence_import(case=case, paths=[recording])
    rec = EvidenceRecord.objects.get(case=case, kind="recording")
    EvidenceRecord.objects.filter(pk=rec.pk).update(meta={**rec.meta, "time_source": "mtime"})
    evidence_import(case=case, paths=[calls])
    rec.refresh_from_db()
    assert rec.linked_record_id is None and not rec.time_known
    EvidenceRecord.objects.filter(pk=rec.pk).update(meta={**rec.meta, "time_source": "file_name"})
    assert link_recordings(case) == 1  # the same recording with a time of its own is linked
