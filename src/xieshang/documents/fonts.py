"""The CJK font every PDF embeds: Noto Sans CJK (SIL OFL 1.1), shipped on PyPI by the
`cvttf-notosanscjk-regular` package, so a fresh machine without Chinese fonts still gets real glyphs.

`XIESHANG_CJK_FONT` (a path to an OTF/TTF) overrides it, e.g. for a serif face or a smaller subset.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

from xieshang.core.errors import XieshangError

FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
FONT_FILE = "NotoSansCJKtc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK"  # the PDFs' CSS name of the embedded face (any name would do)


class FontMissingError(XieshangError):
    code = "font_missing"


@functools.cache
def _packaged_font() -> Path | None:
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / FONT_FILE
        if candidate.is_file():
            return candidate
    return None


def cjk_font_path() -> Path:
    """Path of the CJK font to embed; a clear error (not a PDF of empty boxes) when there is none."""
    override = os.environ.get("XIESHANG_CJK_FONT", "").strip()
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontMissingError(
                f"XIESHANG_CJK_FONT 指向的字体文件不存在：{path}",
                f"XIESHANG_CJK_FONT points to a font file that does not exist: {path}",
            )
        return path
    found = _packaged_font()
    if found is None:
        raise FontMissingError(
            "找不到中文字体：请安装项目依赖（pip install cvttf-notosanscjk-regular）或设置 XIESHANG_CJK_FONT。",
            "No CJK font: install the project's dependencies (pip install cvttf-notosanscjk-regular) "
            "or set XIESHANG_CJK_FONT.",
        )
    return found
