"""What may be read as a source of an import: only a regular file, opened without blocking (a FIFO,
socket or device is refused before a byte is read, so a pipe never blocks an import)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from xieshang.core.errors import InputError


def not_regular(mode: int) -> str:
    """'' for a regular file, else what it is (English; `not_regular_zh` for Chinese)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


_NOT_REGULAR_ZH = {
    "a FIFO (named pipe)": "命名管道（FIFO）",
    "a socket": "套接字",
    "a device": "设备文件",
    "a folder": "文件夹",
    "a broken link": "失效的链接",
}


def not_regular_zh(what: str) -> str:
    return _NOT_REGULAR_ZH.get(what, "非普通文件")


def not_regular_error(path: Path, what: str) -> InputError:
    return InputError(
        f"不是普通文件（{not_regular_zh(what)}），无法导入：{path}",
        f"Not a regular file ({what}), cannot import: {path}",
    )


def open_source(path: Path) -> io.BufferedReader:
    """Open a file to read, refusing anything but a regular file without blocking (O_NONBLOCK: a FIFO
    with no writer would otherwise block the open forever)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        what = not_regular(os.fstat(fd).st_mode)
        if what:
            raise not_regular_error(path, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        reader = os.fdopen(fd, "rb")
        assert isinstance(reader, io.BufferedReader)
        return reader
    except BaseException:
        os.close(fd)
        raise
