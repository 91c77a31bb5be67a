"""A tiny line-based importer for service tests (the real importers have their own tests).

Format: first line `XSFAKE`, then one record a line: `iso-time|direction|counterpart|kind|text[|att-name:hex]`.
A line `BROKEN` raises ImportFormatError naming the line, as a truncated real file would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO

from xieshang.importers.base import (
    Attachment,
    Direction,
    ImportFormatError,
    Record,
    RecordKind,
    SourceContext,
)


class FakeImporter:
    name = "fake_lines"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return head.startswith(b"XSFAKE\n")

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        stream.readline()
        for n, raw in enumerate(stream, start=2):
            line = raw.decode("utf-8").rstrip("\n")
            if line == "BROKEN":
                raise ImportFormatError(
                    f"{context.path.name}：第 {n} 行格式错误", f"{context.path.name}: line {n} is malformed"
                )
            when, direction, counterpart, kind, text, *rest = line.split("|")
            attachments = ()
            if rest:
                name, hexdata = rest[0].rsplit(":", 1)
                attachments = (
                    Attachment(filename=name, content_type="image/png", data=bytes.fromhex(hexdata)),
                )
            yield Record(
                kind=RecordKind(kind),
                timestamp=datetime.fromisoformat(when),
                direction=Direction(direction),
                counterpart=counterpart,
                text=text.replace("\\n", "\n"),
                position=f"line {n}",
                attachments=attachments,
            )


def fake_file(path, lines: list[str]):  # type: ignore[no-untyped-def]
    path.write_text("XSFAKE\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def line(when: str, counterpart: str, text: str, *, kind: str = "sms", direction: str = "incoming") -> str:
    return f"{when}|{direction}|{counterpart}|{kind}|{text}"
