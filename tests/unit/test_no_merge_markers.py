"""No file of the project keeps a merge-conflict marker (one once reached the README)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
TEXT = {".py", ".md", ".toml", ".html", ".css", ".js", ".po", ".txt", ".json", ".tsv", ".cfg", ".ini"}


def _marked(path: Path) -> bool:
    wanted = (
        path.is_file() and (path.suffix in TEXT or path.name == "run") and "__pycache__" not in path.parts
    )
    return wanted and MARKER.search(path.read_text(encoding="utf-8", errors="replace")) is not None


def test_no_conflict_markers_in_the_tree() -> None:
    found = [
        str(path.relative_to(ROOT))
        for folder in ("src", "tests", "docs", "benchmarks", "scripts", ".ci")
        for path in (ROOT / folder).rglob("*")
        if _marked(path)
    ]
    found += [name for name in ("README.md", "Makefile", "pyproject.toml") if _marked(ROOT / name)]
    assert found == []
