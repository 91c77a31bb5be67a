"""In-process runs of `xieshang next|contact|offer|agreement|reminders|budget` against the shared E1 case
(tests/integration/conftest.py: case `e1`, debt `jt360`)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from xieshang.cli.app import run
from xieshang.cli.context import CliEnv

TODAY = date(2026, 11, 28)

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli() -> Cli:
    def call(*argv: str, lang: str = "zh_CN.UTF-8", today: date = TODAY) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": lang}, today=today))
        return status, out.getvalue(), err.getvalue()

    return call


@pytest.fixture
def cli_json(cli: Cli) -> Callable[..., Any]:
    def call(*argv: str, **kwargs: Any) -> Any:
        status, out, err = cli(*argv, "--json", **kwargs)
        assert status == 0, err
        return json.loads(out)

    return call
