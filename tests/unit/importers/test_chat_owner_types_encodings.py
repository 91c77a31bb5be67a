"""Chat exports beyond the happy path: QQ direction and owner, system lines, odd nicknames, encodings,
every WeChat type, PyWxDump time forms, a 100 MB line."""

from __future__ import annotations

import io
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import CST, ChatMessage, write_pywxdump_csv, write_qq_txt, write_wechatmsg_csv
from xieshang.importers.base import Direction, SourceContext
from xieshang.importers.chat_qq import QqTxtImporter
from xieshang.importers.chat_wechat import call_seconds

T0 = datetime(2024, 3, 6, 9, 5, 7, tzinfo=CST)
RULE = "=" * 64


def _qq(path: Path, body: list[str], encoding: str = "utf-8-sig") -> Path:
    lines = ["消息记录（此消息记录为文本格式，不支持重新导入）", "", *body]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def test_qq_owner_writes_first_partner_still_counterpart(tmp_path, parse):
    chat = [ChatMessage("您好，我想协商还款", T0, True), ChatMessage("请说", T0 + timedelta(minutes=1), False),
            ChatMessage("每月还500", T0 + timedelta(minutes=2), True)]  # fmt: skip
    _, records = parse(write_qq_txt(tmp_path / "q.txt", chat))
    assert [r.direction for r in records] == [Direction.OUTGOING, Direction.INCOMING, Direction.OUTGOING]
    assert [r.counterpart for r in records] == ["2850001234"] * 3
    assert [r.text for r in records] == [m.text for m in chat]  # order kept across the held-back message


def test_qq_full_export_groups_system_lines_and_odd_nicknames(tmp_path, parse):
    path = _qq(tmp_path / "全部消息记录.txt", [
        RULE, "消息分组:我的好友", RULE, "消息对象:王催收(贷后)", RULE, "",
        "2024-03-06 9:05:07 王催收(贷后)(2850001234)", "今天必须还款", "",
        "2024-03-06 9:06:07 小李(10001)", "我没钱", "",
        "2024-03-06 9:06:30 系统消息(10000)", "对方已成功接收了您发送的离线文件", "",
        RULE, "消息分组：我的群聊", RULE, "消息对象：XX网贷维权群", RULE, "",
        "2024-03-07 10:00:00 张三(小号)(12345678)", "大家被催收了吗", "第二行", "",
        "2024-03-07 10:01:00 小李(10001)", "我也是", "",
        "2024-03-07 10:02:00 <lender@example.cn>", "（邮件地址显示的成员）", "",
    ])  # fmt: skip
    name, records = parse(path)
    assert name == "qq_txt"
    got = [(r.direction, r.counterpart, r.meta["sender"], r.meta.get("system", False)) for r in records]
    assert got == [
        (Direction.INCOMING, "2850001234", "王催收(贷后)", False),
        (Direction.OUTGOING, "2850001234", "小李", False),
        (Direction.UNKNOWN, "2850001234", "系统消息", True),
        (Direction.INCOMING, "XX网贷维权群", "张三(小号)", False),  # owner 10001 learned in the first chat
        (Direction.OUTGOING, "XX网贷维权群", "小李", False),
        (Direction.INCOMING, "XX网贷维权群", "", False),
    ]
    assert records[3].text == "大家被催收了吗\n第二行"
    assert records[3].meta["sender_id"] == "12345678" and records[5].meta["sender_id"] == "lender@example.cn"
    assert records[3].meta["group"] == "我的群聊" and records[0].meta["conversation"] == "王催收(贷后)"


def test_qq_group_without_known_owner_is_unknown_and_owner_ids_decide(tmp_path):
    path = _qq(tmp_path / "g.txt", [RULE, "消息分组:我的群聊", RULE, "消息对象:维权群", RULE, "",
                                    "2024-03-07 10:00:00 张三(12345678)", "a", "",
                                    "2024-03-07 10:01:00 小李(10001)", "b", ""])  # fmt: skip

    def directions(owner_ids: frozenset[str]) -> list[Direction]:
        context = SourceContext(path, path.stat().st_size, owner_ids=owner_ids)
        with path.open("rb") as stream:
            return [r.direction for r in QqTxtImporter().parse(stream, context)]

    assert directions(frozenset()) == [Direction.UNKNOWN, Direction.UNKNOWN]
    assert directions(frozenset({"10001"})) == [Direction.INCOMING, Direction.OUTGOING]


def test_qq_partner_renamed_is_still_incoming_once_owner_known(tmp_path, parse):
    path = _qq(tmp_path / "r.txt", [RULE, "消息分组:我的好友", RULE, "消息对象:催收", RULE, "",
                                    "2024-03-07 10:00:00 催收(2850001234)", "a", "",
                                    "2024-03-07 10:01:00 小李(10001)", "b", "",
                                    "2024-03-07 10:02:00 催收部-王经理(2850001234)", "c", ""])  # fmt: skip
    _, records = parse(path)
    assert [r.direction for r in records] == [Direction.INCOMING, Direction.OUTGOING, Direction.INCOMING]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_qq_long_gb18030_and_utf16_files(tmp_path, parse, encoding):
    chat = [ChatMessage(f"ok {i} " + "x" * 60, T0 + timedelta(seconds=i), i % 2 == 1) for i in range(1200)]
    chat.append(ChatMessage("还款计划：王喆、李珺", T0 + timedelta(hours=2), False))
    path = write_qq_txt(tmp_path / "q.txt", chat, object_name="Lender", own_name="Me", encoding=encoding)
    _, records = parse(path)
    assert len(records) == len(chat) and records[-1].text == "还款计划：王喆、李珺"


def test_qq_mixed_encoding_names_the_line(tmp_path, refuse):
    chat = [ChatMessage("王喆" * 40, T0 + timedelta(seconds=i)) for i in range(1000)]  # > 64 KiB
    path = write_qq_txt(tmp_path / "q.txt", chat)
    path.write_bytes(path.read_bytes() + b"\r\n2024-03-06 9:05:08 x(10001)\r\n\xd5\xd4\xff\xff\r\n")
    error = refuse(path)
    assert (
        f"line {8 + 3 * 1000 + 2}" in error.message_en
        and "encoding" in error.message_en
        and "编码" in error.message_zh
    )


def test_wechatmsg_every_type(tmp_path, parse):
    kinds = [(1, 0, "hi", False), (3, 0, "[图片]", False), (34, 0, "[语音]", True), (43, 0, "[视频]", False),
             (47, 0, "[动画表情]", False), (48, 0, "位置", False), (49, 5, "链接", False),
             (49, 19, "聊天记录", False), (49, 57, "引用", True), (49, 2000, "转账 ¥500.00", True),
             (49, 6, "还款凭证.pdf", False), (50, 0, "通话时长 01:05", True), (50, 0, "对方已拒绝", False),
             (10000, 0, "你撤回了一条消息", True), (10000, 0, "对方已添加你为好友", False)]  # fmt: skip
    chat = [ChatMessage(text, T0 + timedelta(minutes=i), sender, msg_type=t, sub_type=sub)
            for i, (t, sub, text, sender) in enumerate(kinds)]  # fmt: skip
    _, records = parse(write_wechatmsg_csv(tmp_path / "x_utf8.csv", chat))
    assert [r.meta["msg_type"] for r in records] == [
        "text", "image", "voice", "video", "sticker", "location", "app", "app", "app", "app", "app",
        "call", "call", "system", "system"]  # fmt: skip
    assert [r.meta.get("app_type") for r in records[6:11]] == [
        "link",
        "merged_forward",
        "quote",
        "transfer",
        "file",
    ]
    assert records[11].meta["call_duration_seconds"] == 65 and "call_duration_seconds" not in records[12].meta
    assert [r.direction for r in records[-2:]] == [Direction.UNKNOWN, Direction.UNKNOWN]
    assert all(r.meta.get("system") for r in records[-2:])
    assert records[2].direction is Direction.OUTGOING and records[3].direction is Direction.INCOMING
    assert [r.meta["local_id"] for r in records] == [
        str(i) for i in range(1, 16)
    ]  # BOM not in the column name


def test_call_seconds_forms():
    assert call_seconds("通话时长 00:35") == 35
    assert call_seconds("通话时长 1:02:03") == 3723
    assert call_seconds("通话时长：12:00") == 720
    assert call_seconds("已取消") is None


def test_pywxdump_epoch_time_and_boolean_flags(tmp_path, parse):
    path = tmp_path / "wxid_a_0_0.csv"
    path.write_text(
        "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n"
        "1,11,文本,False,贷后小王,wxid_l,还钱,,1709687107\n2,12,文本,True,我,wxid_l,好,,2024/03/06 09:05\n"
        "3,13,系统通知,0,,wxid_l,你已添加了贷后小王,,2024/03/06 09:06\n",
        encoding="utf-8",
    )
    _, records = parse(path)
    assert records[0].timestamp == datetime.fromtimestamp(1709687107, UTC)
    assert records[1].timestamp == datetime(2024, 3, 6, 9, 5, tzinfo=CST)
    assert [r.direction for r in records] == [Direction.INCOMING, Direction.OUTGOING, Direction.UNKNOWN]
    assert records[2].meta["system"] is True


def test_pywxdump_duplicates_keep_their_msgsvrid(tmp_path, parse):
    chat = [ChatMessage("同一条", T0, msg_svr_id=42), ChatMessage("同一条", T0, msg_svr_id=42)]
    _, records = parse(write_pywxdump_csv(tmp_path / "d.csv", chat))
    assert [r.external_id for r in records] == ["42", "42"]  # the evidence writer skips the second one


def test_csv_with_a_100_mb_line_is_refused_in_bounded_memory(tmp_path, refuse):
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.write(b"id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\r\n")
        out.write(b"1,2,t,0,a,b,ok,,2024-01-01 00:00:00\r\n3,4,t,0,a,b,")
        block = b"x" * (1 << 20)
        for _ in range(100):
            out.write(block)
        out.write(b",,2024-01-01 00:00:00\r\n")
    tracemalloc.start()
    error = refuse(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "line 3" in error.message_en and "long" in error.message_en and "行" in error.message_zh
    assert peak < 40 << 20


def test_csv_gb18030_after_ascii_head(tmp_path, parse):
    header = "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\r\n"
    rows = "".join(f"{i},{i},text,0,abc,room,hello,,2024-01-01 00:00:00\r\n" for i in range(3000))
    path = tmp_path / "gb.csv"
    path.write_bytes(
        (header + rows + "9999,9999,文本,0,王喆,room,逾期了珺,,2024-01-01 00:00:00\r\n").encode("gb18030")
    )
    _, records = parse(path)
    assert len(records) == 3001 and records[-1].text == "逾期了珺" and records[-1].counterpart_name == "王喆"


def test_text_lines_counts_lines_exactly():
    from xieshang.importers.textio import TextLines

    data = ("第一行\n" + "a\n" * 40000 + "b\xff\n").encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    lines = TextLines(io.BytesIO(data), SourceContext(Path("t.txt"), len(data)))
    with pytest.raises(Exception) as info:
        list(lines)
    assert "line 40002" in str(info.value.message_en)  # type: ignore[attr-defined]
