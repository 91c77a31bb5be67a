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


@pytest.mark.parametrize(
    "stem,number,contact,scheme",
    [
        ("008613800138000_20230506192735", "+8613800138000", "", "xiaomi_or_huawei"),  # "+" written as 00
        ("通话录音@134 1096 1780(134 1096 1780)_20230506192735", "13410961780", "", "xiaomi"),
        ("通话录音@王喆(+86 138 0013 8000)_20230506192735", "+8613800138000", "王喆", "xiaomi"),
        ("张三 2023-05-06 19-27-35", "", "张三", "vivo"),
        ("张三_20230506192735", "", "张三", "generic"),
        ("录音_20230506192735", "", "", "generic"),
    ],
)
def test_more_name_forms(stem, number, contact, scheme):
    parsed = parse_recording_name(stem)
    assert parsed is not None and (parsed.number, parsed.contact, parsed.scheme) == (number, contact, scheme)
    assert parsed.when == WHEN


@pytest.mark.parametrize(
    "folder,brand",
    [("MIUI/sound_recorder/call_rec", "xiaomi"), ("Sounds/Callrecord", "huawei"), ("Sounds/CallRecord", "huawei"),
     ("elsewhere", "xiaomi_or_huawei")],
)  # fmt: skip
def test_folder_tells_the_brand_of_a_bare_name(tmp_path, parse, folder, brand):
    (tmp_path / folder).mkdir(parents=True)
    path = write_amr(tmp_path / folder / "13800138000_20230506192735.amr", 2.0)
    _, [record] = parse(path)
    assert record.meta["scheme"] == brand and record.counterpart == "13800138000"


def test_huawei_emui10_m4a_with_contact(tmp_path, parse):
    (tmp_path / "Sounds/CallRecord").mkdir(parents=True)
    path = write_m4a(tmp_path / "Sounds/CallRecord/某某金融_20230506192735.m4a", 75.0)
    _, [record] = parse(path)
    assert (record.counterpart_name, record.meta["scheme"], record.meta["audio_format"]) == (
        "某某金融",
        "huawei",
        "m4a",
    )
    assert record.meta["duration_seconds"] == pytest.approx(75.0)
    assert record.timestamp == WHEN.replace(tzinfo=CST)


def test_damaged_mp3_keeps_the_recording_without_duration(tmp_path, parse):
    path = tmp_path / xiaomi_recording_name("13800138000", WHEN)
    path.write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x10" + bytes(16) + b"\x00" * 100)
    _, [record] = parse(path)
    assert record.meta["duration_seconds"] is None and record.counterpart == "13800138000"
