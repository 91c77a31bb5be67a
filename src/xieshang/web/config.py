"""Typed readers of the XIESHANG_* environment. Called from settings, never at import of the package."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import platformdirs


class ConfigError(ValueError):
    pass


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    allowed = sorted(choices)
    if raw not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw


def xieshang_home() -> Path:
    """Where data lives: XIESHANG_HOME, else the platform's user data directory (~/.local/share/xieshang;
    ~/.local/share/xieshang-demo in demo mode)."""
    raw = os.environ.get("XIESHANG_HOME")
    if raw:
        return Path(raw).expanduser()
    # The demo (make run) never shares a home with real data: its own folder beside it.
    name = "xieshang-demo" if is_demo() else "xieshang"
    return Path(platformdirs.user_data_dir(name, appauthor=False))


def is_demo() -> bool:
    """Demo mode (make run): never in a production configuration."""
    return env_bool("XIESHANG_DEMO", False) and not is_production()


def is_production() -> bool:
    return env_str("XIESHANG_ENV", "local").lower() == "production"
