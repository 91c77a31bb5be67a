"""Text exports (CSV, QQ txt) as a stream of lines, decoded incrementally in constant memory.

The encoding is guessed from the first 64 KiB: a BOM (UTF-8, UTF-16), else UTF-8 when the head decodes so,
else GB18030. A file whose head is plain ASCII but which turns out not to be UTF-8 further on (a GB18030
export that starts with thousands of ASCII lines) switches to GB18030 at that point: ASCII reads the same in
both, so nothing already read changes and nothing is re-read or held in memory. A file that mixes UTF-8
Chinese with other bytes, or holds bytes valid in neither, is refused naming the line.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO

from xieshang.importers._common import format_error
from xieshang.importers.base import ImportFormatError, SourceContext

HEAD_SIZE = 64 * 1024
CHUNK = 64 * 1024
MAX_LINE_CHARS = 4 << 20  # one physical line; longer → the file is refused (a 100 MB "line" is not a chat)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _bom(head: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return None


def decode_text_head(head: bytes) -> tuple[str, str] | None:
    """Guess a text file's encoding from its head: a BOM (UTF-8/UTF-16), UTF-8, else GB18030.

    Returns (codec, decoded head without BOM) or None when nothing decodes (binary). A multi-byte sequence
    cut at the end of the head is tolerated.
    """
    marked = _bom(head)
    candidates = [(marked[0], head[marked[1] :])] if marked else [("utf-8", head), ("gb18030", head)]
    for codec, body in candidates:
        for cut in range(4):
            chunk = body[: len(body) - cut] if cut else body
            try:
                text = chunk.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" in text:
                return None
            return codec, text
    return None


class TextLines:
    """The lines of a byte stream as `str`, line ends kept (split on "\\n" only: what `csv` expects).

    `codec` is the encoding in use (it may change once from "utf-8" to "gb18030", see the module doc);
    `line` is the number of the last line handed out. Raises `ImportFormatError` naming the line for an
    undecodable byte or a line longer than `max_line_chars`.
    """

    def __init__(
        self,
        stream: IO[bytes],
        context: SourceContext,
        *,
        head_size: int = HEAD_SIZE,
        max_line_chars: int = MAX_LINE_CHARS,
    ) -> None:
        head = stream.read(head_size)
        if not head.strip():
            raise format_error(context, "line 1", "文件为空", "the file is empty")
        guess = decode_text_head(head)
        if guess is None:
            raise format_error(
                context, "line 1", "不是文本文件（编码无法识别）", "not a text file (unknown encoding)"
            )
        marked = _bom(head)
        self.codec = guess[0]
        self.line = 0
        self._stream = stream
        self._context = context
        self._first = head[marked[1] :] if marked else head
        self._max = max_line_chars
        self._switchable = marked is None  # a UTF-8 BOM is a promise: no switch
        self._ascii_only = True  # everything decoded so far was ASCII (so a switch to GB18030 is exact)
        self._decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder(self.codec)("strict")

    def _error(self, line: int, zh: str, en: str) -> ImportFormatError:
        return format_error(self._context, f"line {line}", zh, en)

    def _decode(self, data: bytes, final: bool, partial: str) -> str:
        pending = self._decoder.getstate()[0]
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            if self.codec == "utf-8" and self._ascii_only and self._switchable:
                self.codec = "gb18030"  # ASCII so far: GB18030 reads it the same; go on from here
                self._decoder = codecs.getincrementaldecoder("gb18030")("strict")
                return self._decode(pending + data, final, partial)
            failing = self.line + 1 + partial.count("\n") + (pending + data)[: exc.start].count(b"\n")
            raise self._error(
                failing,
                f"编码错误（{self.codec}：{exc.reason}）",
                f"encoding error ({self.codec}: {exc.reason})",
            ) from None
        if self._ascii_only and not text.isascii():
            self._ascii_only = False
        return text

    def __iter__(self) -> Iterator[str]:
        partial = ""
        data = self._first
        self._first = b""
        while True:
            final = not data
            text = self._decode(data, final, partial)
            pieces = (partial + text if partial else text).split("\n")
            partial = pieces.pop()
            for piece in pieces:
                self.line += 1
                if len(piece) >= self._max:
                    raise self._error(self.line, "这一行异常地长", "absurdly long line")
                yield piece + "\n"
            if len(partial) > self._max:
                raise self._error(self.line + 1, "这一行异常地长", "absurdly long line")
            if final:
                if partial:
                    self.line += 1
                    yield partial
                return
            data = self._stream.read(CHUNK)


def open_text(stream: IO[bytes], context: SourceContext) -> TextLines:
    """The byte stream as lines of text (see `TextLines`). Raises `ImportFormatError` for an empty or binary file."""
    return TextLines(stream, context)
