"""WeChatMsg/MemoTrace CSV, PyWxDump CSV, QQ txt: fields, encodings, wrong columns."""

from __future__ import annotations

import pytest

from tests.fixtures.formats import CST, sample_chat, write_pywxdump_csv, write_qq_txt, write_wechatmsg_csv
from xieshang.importers.base import Direction, RecordKind


def test_wechatmsg_csv(tmp_path, parse):
    chat = sample_chat()
    name, records = parse(write_wechatmsg_csv(tmp_path / "某某金融催收_utf8.csv", chat))
    assert name == "wechatmsg_csv"
    assert [r.kind for r in records] == [RecordKind.CHAT] * len(chat)
    assert [r.timestamp for r in records] == [m.when for m in chat]
    assert [r.text for r in records] == [m.text for m in chat]
    assert [r.direction for r in records] == [
        Direction.OUTGOING if m.is_sender else Direction.INCOMING for m in chat
    ]
    assert {r.counterpart for r in records} == {"wxid_lender0001"}
    assert {r.counterpart_name for r in records} == {"某某金融催收"}
    assert [r.meta["msg_type"] for r in records] == ["text", "text", "text", "image"]
    assert records[3].position == "line 6"  # message 3 spans two lines


def test_pywxdump_csv(tmp_path, parse):
    chat = sample_chat()
    name, records = parse(write_pywxdump_csv(tmp_path / "wxid_lender0001_0_0.csv", chat))
    assert name == "pywxdump_csv"
    assert [r.external_id for r in records] == [str(m.msg_svr_id) for m in chat]
    assert [r.timestamp for r in records] == [m.when for m in chat]
    assert records[0].timestamp.utcoffset() == CST.utcoffset(None)
    assert [r.direction for r in records] == [
        Direction.OUTGOING if m.is_sender else Direction.INCOMING for m in chat
    ]
    assert records[1].counterpart_name == "" and records[0].counterpart_name == "贷后小王"
    assert [r.text for r in records] == [m.text for m in chat]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_qq_txt(tmp_path, parse, encoding):
    chat = sample_chat()
    name, records = parse(write_qq_txt(tmp_path / "催收专员.txt", chat, encoding=encoding))
    assert name == "qq_txt"
    assert [r.timestamp for r in records] == [m.when for m in chat]
    assert [r.text for r in records] == [m.text for m in chat]
    assert [r.counterpart for r in records] == ["2850001234"] * len(chat)  # always the partner
    assert [r.direction for r in records] == [
        Direction.OUTGOING if m.is_sender else Direction.INCOMING for m in chat
    ]
    assert [r.counterpart_name for r in records] == ["催收专员"] * len(chat)
    assert records[0].meta == {
        "conversation": "催收专员", "group": "我的好友", "sender": "催收专员", "sender_id": "2850001234"
    }  # fmt: skip
    assert records[1].meta["sender"] == "小李" and records[1].meta["sender_id"] == "10001"


def test_gb18030_csv_accepted(tmp_path, parse):
    path = write_pywxdump_csv(tmp_path / "w.csv", sample_chat())
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    _, records = parse(path)
    assert records[0].text == sample_chat()[0].text


def test_wrong_column_count_names_line(tmp_path, refuse):
    path = write_wechatmsg_csv(tmp_path / "w.csv", sample_chat())
    path.write_bytes(path.read_bytes() + b"9,wxid,1,0,0,1709687347\r\n")
    error = refuse(path)
    assert "line 7" in error.message_en and "columns" in error.message_en


def test_bad_timestamp_and_sender_flag(tmp_path, refuse):
    path = write_wechatmsg_csv(tmp_path / "w.csv", sample_chat()[:1])
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace(",1709687107,", ",soon,"), encoding="utf-8-sig"
    )
    assert "line 2" in refuse(path).message_en


def test_wrong_encoding_mid_file(tmp_path, refuse):
    path = write_pywxdump_csv(tmp_path / "w.csv", sample_chat())
    path.write_bytes(path.read_bytes() + b"x" * 70000 + b"\n5,6,\xff\xfe\xfa,0,a,b,c,,2024-01-01 00:00:00\n")
    assert "encoding" in refuse(path).message_en
