from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from xieshang.importers.base import ImportFormatError, Record
from xieshang.importers.registry import parse_path


@pytest.fixture
def parse() -> Callable[[Path], tuple[str, list[Record]]]:
    """Detect and parse a file on disk: (importer name, records)."""

    def run(path: Path) -> tuple[str, list[Record]]:
        importer, records = parse_path(path)
        return importer.name, records

    return run


@pytest.fixture
def refuse() -> Callable[[Path], ImportFormatError]:
    """Parse a file that must be refused; returns the error (message names the file)."""

    def run(path: Path) -> ImportFormatError:
        with pytest.raises(ImportFormatError) as info:
            parse_path(path)
        error = info.value
        assert path.name in error.message_zh and path.name in error.message_en
        return error

    return run
