"""Loaders of the collection-conduct rules (`rules/conduct.toml`) and of the text classifier
(`conduct_model.json`, trained by scripts/train_conduct_model.py) — see `xieshang.core.conduct`.

The model file is JSON read by `json` and validated number by number (`model_from_mapping`): no pickle,
nothing in it can run. Its trust boundary is the repository: a model file is data like the rules file.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from xieshang.core.conduct import ConductRules, rules_from_mapping
from xieshang.core.conduct.classifier import TextModel, model_from_mapping
from xieshang.core.errors import InputError

__all__ = ["load_conduct_model", "load_conduct_model_file", "load_conduct_rules", "load_conduct_rules_file"]
MODEL_FILE = "conduct_model.json"


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


def _model(text: str, where: str) -> TextModel:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{where} 不是有效的 JSON：{exc}", f"{where} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{where} 不是模型文件", f"{where} is not a model file")
    return model_from_mapping(data)


@lru_cache(maxsize=1)
def load_conduct_model() -> TextModel:
    """The text classifier shipped with the product."""
    text = (resources.files("xieshang.knowledge") / MODEL_FILE).read_text(encoding="utf-8")
    return _model(text, MODEL_FILE)


def load_conduct_model_file(path: Path) -> TextModel:
    """A model from another file (a retrained or an untrained one)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"无法读取模型文件 {path}：{exc}", f"cannot read the model file {path}: {exc}"
        ) from exc
    return _model(text, str(path))
