"""Loader of the collection-conduct rules (`rules/conduct.toml`) — see `xieshang.core.conduct`."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from xieshang.core.conduct import ConductRules, rules_from_mapping
from xieshang.core.errors import InputError

__all__ = ["load_conduct_rules", "load_conduct_rules_file"]


def _parse(text: str, where: str) -> ConductRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{where} 不是有效的 TOML：{exc}", f"{where} is not valid TOML: {exc}") from exc
    return rules_from_mapping(data)


@lru_cache(maxsize=1)
def load_conduct_rules() -> ConductRules:
    """The rules shipped with the product."""
    text = (resources.files("xieshang.knowledge.rules") / "conduct.toml").read_text(encoding="utf-8")
    return _parse(text, "conduct.toml")


def load_conduct_rules_file(path: Path) -> ConductRules:
    """Rules from another file (a counselor's edited copy)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"无法读取规则文件 {path}：{exc}", f"cannot read the rules file {path}: {exc}"
        ) from exc
    return _parse(text, str(path))
