"""Call recordings: brand name schemes, durations (AMR frames, mutagen), mtime fallback, call linking."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from tests.fixtures.formats import (
    CST,
    amr_bytes,
    huawei_recording_name,
    oppo_recording_name,
    vivo_recording_name,
    write_amr,
    write_m4a,
    write_mp3,
    xiaomi_recording_name,
)  # fmt: skip
from xieshang.importers.audio import amr_duration
from xieshang.importers.base import Direction, Record, RecordKind
from xieshang.importers.recordings import match_call, parse_recording_name

WHEN = datetime(2023, 5, 6, 19, 27, 35)


def test_xiaomi_named_mp3(tmp_path, parse):
    path = write_mp3(tmp_path / xiaomi_recording_name("15882033521", WHEN, contact="某某金融"), 12.0)
    assert path.name == "通话录音@某某金融(15882033521)_20230506192735.mp3"
    name, [record] = parse(path)
    assert name == "call_recording"
    assert record.kind is RecordKind.RECORDING
    assert record.counterpart == "15882033521" and record.counterpart_name == "某某金融"
    assert record.timestamp == WHEN.replace(tzinfo=CST)
    assert record.meta["duration_seconds"] == pytest.approx(12.0, abs=0.03)
    assert record.meta["scheme"] == "xiaomi" and record.meta["audio_format"] == "mp3"
    assert record.direction is Direction.UNKNOWN


@pytest.mark.parametrize("seconds", [0.02, 1.0, 61.24])
@pytest.mark.parametrize("wideband", [False, True])
def test_amr_of_known_length(tmp_path, parse, seconds, wideband):
    path = write_amr(
        tmp_path / huawei_recording_name("13800138000", WHEN, contact="张珺"), seconds, wideband=wideband
    )
    _, [record] = parse(path)
    assert record.meta["duration_seconds"] == pytest.approx(seconds, abs=1e-9)
    assert record.meta["audio_format"] == ("amr-wb" if wideband else "amr")
    assert record.counterpart_name == "张珺" and record.meta["scheme"] == "huawei"


def test_truncated_amr_refused(tmp_path, refuse):
    path = tmp_path / "13800138000_20230506192735.amr"
    path.write_bytes(amr_bytes(1.0)[:-7])
    assert "byte" in refuse(path).message_en


@pytest.mark.parametrize(
    "name,number,contact,when,scheme",
    [
        ("15882033521(15882033521)_20230506192735", "15882033521", "", WHEN, "xiaomi"),
        (
            "134 1096 1780_20220425103455",
            "13410961780",
            "",
            datetime(2022, 4, 25, 10, 34, 55),
            "xiaomi_or_huawei",
        ),
        ("+8613800138000_20230506192735", "+8613800138000", "", WHEN, "xiaomi_or_huawei"),
        (vivo_recording_name("13800138000", WHEN)[:-4], "13800138000", "", WHEN, "vivo"),
        (oppo_recording_name("13800138000", WHEN)[:-4], "13800138000", "", WHEN.replace(second=0), "oppo"),
        (oppo_recording_name("贷后王喆", WHEN)[:-4], "", "贷后王喆", WHEN.replace(second=0), "oppo"),
        (
            xiaomi_recording_name("138 0013 8000", WHEN, style="bare")[:-4],
            "13800138000",
            "",
            WHEN,
            "xiaomi_or_huawei",
        ),
    ],
)
def test_name_schemes(name, number, contact, when, scheme):
    parsed = parse_recording_name(name)
    assert parsed is not None
    assert (parsed.number, parsed.contact, parsed.when, parsed.scheme) == (number, contact, when, scheme)


def test_unknown_name_uses_mtime_and_m4a_duration(tmp_path, parse):
    path = write_m4a(tmp_path / "recording 7.m4a", 33.5)
    stamp = datetime(2024, 2, 1, 12, 0, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    _, [record] = parse(path)
    assert record.timestamp == datetime(2024, 2, 1, 12, 0, tzinfo=UTC)
    assert record.meta["time_source"] == "mtime" and record.counterpart == ""
    assert record.meta["duration_seconds"] == pytest.approx(33.5)


def test_amr_counter_streams(tmp_path):
    path = write_amr(tmp_path / "a.amr", 300.0)
    with path.open("rb") as stream:
        assert amr_duration(stream) == pytest.approx(300.0)


def _call(number: str, when: datetime, duration: int) -> Record:
    return Record(RecordKind.CALL, when, Direction.INCOMING, number, meta={"duration_seconds": duration})


def test_match_call_by_number_and_time():
    start = datetime(2023, 5, 6, 11, 27, 0, tzinfo=UTC)
    calls = [_call("+8615882033521", start, 120), _call("15882033521", start + timedelta(hours=2), 60),
             _call("10086", start, 300)]  # fmt: skip
    rec = Record(RecordKind.RECORDING, start + timedelta(seconds=35), Direction.UNKNOWN, "15882033521")
    assert match_call(rec, calls) is calls[0]
    late = Record(RecordKind.RECORDING, start + timedelta(hours=1), Direction.UNKNOWN, "15882033521")
    assert match_call(late, calls) is None
    nameless = Record(RecordKind.RECORDING, start, Direction.UNKNOWN, "")
    assert match_call(nameless, calls) is None
