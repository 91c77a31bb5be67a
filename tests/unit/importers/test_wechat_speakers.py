"""WeChat speakers as MemoTrace / WeChatMsg really writes them (its exporters' column order and per-row
speaker fields: `Remark`/`NickName`/`Sender` are the speaker's, the owner's on the owner's rows;
`TalkerId` is an internal number), and its HTML and TXT exports."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

from xieshang.importers.base import Direction
from xieshang.importers.registry import context_for, parse_path, parse_stream

CST = timezone(timedelta(hours=8))
T0 = datetime(2024, 5, 6, 21, 30, tzinfo=CST)
COLUMNS = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
           "StrTime", "Remark", "NickName", "Sender"]  # fmt: skip
ME = ("我自己", "小李", "wxid_owner01")


def write_csv(path: Path, rows: list[tuple[int, str, tuple[str, str, str]]], talker_id: str = "217") -> Path:
    """rows: (is_sender, text, (remark, nickname, wxid) of the speaker)."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for n, (is_sender, text, who) in enumerate(rows, start=1):
            when = T0 + timedelta(minutes=n)
            writer.writerow([n, talker_id, 1, 0, is_sender, int(when.timestamp()), 2, text,
                             when.strftime("%Y-%m-%d %H:%M:%S"), *who])  # fmt: skip
    return path


def test_csv_one_to_one_counterpart_is_the_contact_not_the_talker_id(tmp_path: Path) -> None:
    lender = ("某某金融催收", "贷后小王", "wxid_lender0001")
    path = write_csv(tmp_path / "某某金融催收_utf8.csv", [
        (1, "我想协商一下", ME), (0, "今天必须还清", lender), (1, "我实在没钱", ME),
    ])  # fmt: skip
    _, records = parse_path(path)
    assert [r.direction for r in records] == [Direction.OUTGOING, Direction.INCOMING, Direction.OUTGOING]
    assert {r.counterpart for r in records} == {"wxid_lender0001"}  # never "217"
    assert {r.counterpart_name for r in records} == {"某某金融催收"}  # never the owner's own name
    assert [r.meta["sender_name"] for r in records] == ["我自己", "某某金融催收", "我自己"]
    assert all(r.meta["talker_id"] == "217" and "group" not in r.meta for r in records)


def test_csv_group_recognised_from_its_speakers_not_its_name(tmp_path: Path) -> None:
    a, b = ("", "催收员甲", "wxid_a"), ("张三", "张三丰", "wxid_b")
    path = write_csv(
        tmp_path / "家人_utf8.csv",
        [(0, "你儿子欠钱不还", a), (0, "我是他舅舅", b), (1, "请不要骚扰我家人", ME)],
    )
    _, records = parse_path(path)
    assert all(r.meta["group"] is True for r in records)
    assert {(r.counterpart, r.counterpart_name) for r in records} == {("家人", "家人")}
    assert [(r.meta["sender"], r.meta["sender_name"], r.direction) for r in records] == [
        ("wxid_a", "催收员甲", Direction.INCOMING),
        ("wxid_b", "张三", Direction.INCOMING),
        ("wxid_owner01", "我自己", Direction.OUTGOING),
    ]


def test_csv_only_the_owner_speaks_counterpart_unknown(tmp_path: Path) -> None:
    _, records = parse_path(write_csv(tmp_path / "老王_utf8.csv", [(1, "在吗", ME)]))
    assert (records[0].counterpart, records[0].counterpart_name) == ("", "老王")


def _html(title: str, objects: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>' + title + "</title>\n"
        '<style>.a{color:red}</style></head><body><p id="title">' + title + "</p>\n<script>\n"
        "const chatMessages = [\n" + "".join(objects) + "\n];\n function render(){ if (a) { b(); } }\n"
        "</script></body></html>\n"
    )


def _obj(type_: int, text: str, is_send: int, ts: datetime, room: int, name: str, extra: str = "") -> str:
    return (f"{{ type:{type_}, text: '{text}',is_send:{is_send},avatar_path:'./avatar/x.png',"
            f"timestamp:{int(ts.timestamp())},is_chatroom:{room},displayname:'{name}'{extra}}},")  # fmt: skip


def test_memotrace_html_one_to_one(tmp_path: Path) -> None:
    objects = [
        _obj(1, "今天不还款，明天就去你单位&lt;找你&gt;<br>别怪我", 0, T0, 0, "某某金融催收"),
        _obj(1, "我\\'会想办法的，\\\\别去", 1, T0 + timedelta(minutes=1), 0, "小李"),
        "{ type:50, text:'通话时长 01:05',call_type:0,avatar_path:'',"
        f"timestamp:{int((T0 + timedelta(minutes=2)).timestamp())},is_chatroom:0,displayname:'某某金融催收',}},\n",
        _obj(0, "你撤回了一条消息", 1, T0 + timedelta(minutes=3), 0, ""),
    ]
    path = tmp_path / "某某金融催收.html"
    path.write_text(_html("某某金融催收", objects), encoding="utf-8")
    importer, records = parse_path(path)
    assert importer.name == "wechatmsg_html"
    assert len(records) == 4
    first, mine, call, system = records
    assert first.text == "今天不还款，明天就去你单位<找你>\n别怪我" and first.direction == Direction.INCOMING
    assert first.timestamp == T0 and first.counterpart == "某某金融催收"
    assert mine.text == "我'会想办法的，\\别去" and mine.direction == Direction.OUTGOING
    assert mine.counterpart_name == "某某金融催收" and mine.meta["sender_name"] == "小李"
    assert call.direction == Direction.UNKNOWN and call.meta["call_duration_seconds"] == 65
    assert system.meta["system"] is True and system.direction == Direction.UNKNOWN


def test_memotrace_html_group_and_streaming_over_chunks(tmp_path: Path) -> None:
    objects = [
        _obj(1, f"第{i}条" + "长" * 5000, 0, T0 + timedelta(seconds=i), 1, f"成员{i % 3}") for i in range(60)
    ]
    path = tmp_path / "x.html"
    path.write_text(_html("讨债群", objects), encoding="utf-8")  # ~ 900 KB on one line: many 64 KiB chunks
    _, records = parse_path(path)
    assert len(records) == 60
    assert {r.counterpart for r in records} == {"讨债群"} and all(r.meta["group"] for r in records)
    assert [r.meta["sender_name"] for r in records[:4]] == ["成员0", "成员1", "成员2", "成员0"]
    assert records[59].text.startswith("第59条")


def test_memotrace_html_truncated_is_refused(tmp_path: Path, refuse) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.html"
    path.write_text(_html("a", [_obj(1, "x", 0, T0, 0, "a")]).split("];")[0][:-5], encoding="utf-8")
    assert "truncated" in refuse(path).message_en or "malformed" in refuse(path).message_en


def _txt(blocks: list[tuple[datetime, str, str]]) -> str:
    out = []
    for when, name, text in blocks:
        out.append(
            f"{when:%Y-%m-%d %H:%M:%S} {name}\n{text}\n\n" if name else f"{when:%Y-%m-%d %H:%M:%S} {text}\n\n"
        )
    return "".join(out)


def test_memotrace_txt_owner_from_the_file_name_of_a_two_person_chat(tmp_path: Path) -> None:
    path = tmp_path / "某某金融催收.txt"
    path.write_text(_txt([
        (T0, "某某金融催收", "再不还钱\n就上门"), (T0 + timedelta(minutes=1), "小李", "[图片]"),
        (T0 + timedelta(minutes=2), "", "\"某某金融催收\" 撤回了一条消息"),
    ]), encoding="utf-8")  # fmt: skip
    importer, records = parse_path(path)
    assert importer.name == "wechatmsg_txt"
    assert [(r.direction, r.text) for r in records] == [
        (Direction.INCOMING, "再不还钱\n就上门"),
        (Direction.OUTGOING, "[图片]"),
        (Direction.UNKNOWN, '"某某金融催收" 撤回了一条消息'),
    ]
    assert records[0].timestamp == T0 and records[0].meta["direction_from"] == "file_name"
    assert {r.counterpart for r in records} == {"某某金融催收"}


def test_memotrace_txt_group_and_unknown_owner(tmp_path: Path) -> None:
    path = tmp_path / "群聊.txt"
    path.write_text(_txt([(T0, "甲", "a"), (T0, "乙", "b"), (T0, "丙", "c")]), encoding="utf-8")
    _, records = parse_path(path)
    assert [r.direction for r in records] == [Direction.UNKNOWN] * 3  # never guessed
    assert [r.meta["sender_name"] for r in records] == ["甲", "乙", "丙"] and all(
        r.meta["group"] for r in records
    )
    from dataclasses import replace

    context = replace(context_for(path), owner_ids=frozenset({"乙"}))
    with path.open("rb") as stream:
        _, found = parse_stream(stream, context)
        assert [r.direction for r in found] == [Direction.INCOMING, Direction.OUTGOING, Direction.INCOMING]


def test_pywxdump_chatroom_is_a_group(tmp_path: Path) -> None:
    path = tmp_path / "wxid_x_20240101_20240201.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "src", "CreateTime"]
        )
        writer.writerow(
            [1, "9001", "文本", 0, "催收员甲", "12345678@chatroom", "还钱", "", "2024-05-06 21:30:00"]
        )
        writer.writerow(
            [2, "9002", "文本", 1, "我", "12345678@chatroom", "别发了", "", "2024-05-06 21:31:00"]
        )
    _, records = parse_path(path)
    assert [(r.meta["group"], r.meta["sender"], r.direction) for r in records] == [
        (True, "催收员甲", Direction.INCOMING),
        (True, "我", Direction.OUTGOING),
    ]


def test_qq_group_recognised_from_its_speakers_in_a_folder_without_qun(tmp_path: Path) -> None:
    """The reported bug: a QQ group under 消息分组 "我的好友" was read as a one-to-one chat, and another
    person's message was filed as the borrower's own words."""
    rule = "=" * 64
    text = "\n".join([
        "消息记录（此消息记录为文本格式，不支持重新导入）", "", rule, "消息分组:我的好友", rule, "消息对象:老乡会", rule, "",
        "2024-05-06 21:30:01 催收员甲(2850001234)", "你们谁认识李明？他欠钱不还", "",
        "2024-05-06 21:31:02 老乡乙(1234567)", "不认识", "",
        "2024-05-06 21:32:03 李明(7654321)", "请不要在群里发我的事", "",
    ])  # fmt: skip
    path = tmp_path / "我的好友.txt"
    path.write_text(text + "\n", encoding="utf-8")
    _, records = parse_path(path)
    assert [r.direction for r in records] == [Direction.UNKNOWN] * 3  # the owner is not known: never guessed
    assert [r.meta["sender_id"] for r in records] == ["2850001234", "1234567", "7654321"]
    assert {r.counterpart for r in records} == {"老乡会"}
    from dataclasses import replace

    context = replace(context_for(path), owner_ids=frozenset({"7654321"}))
    with path.open("rb") as stream:
        _, found = parse_stream(stream, context)
        assert [r.direction for r in found] == [Direction.INCOMING, Direction.INCOMING, Direction.OUTGOING]
