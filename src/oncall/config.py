"""A school's own settings, in one file (`oncall.toml`): the playbook and the directory
to load, the interface language, and a keymap that rebinds keys by their binding ids
(`case.note = "n"`). Looked for, first found wins: `ONCALL_CONFIG`, beside the store
(`<home>/oncall.toml`), then the platform's config folder. The command line overrides
the file (`--playbook FILE`, `--lang`)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from platformdirs import user_config_dir

from oncall.journal import OncallError

CONFIG_ENV = "ONCALL_CONFIG"
FILE_NAME = "oncall.toml"
KEYS = ("playbook", "directory", "lang", "keymap")


class ConfigError(OncallError):
    """The settings file cannot be used as written."""


@dataclass(frozen=True)
class SchoolConfig:
    playbook: Path | None = None
    directory: Path | None = None
    lang: Literal["zh", "en"] | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, for `App.set_keymap`."""
    source: Path | None = None


def config_path(home: Path) -> Path | None:
    """The settings file in use, if there is one."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser()
    for candidate in (home / FILE_NAME, Path(user_config_dir("oncall")) / FILE_NAME):
        if candidate.is_file():
            return candidate
    return None


def load_config(home: Path) -> SchoolConfig:
    path = config_path(home)
    return SchoolConfig() if path is None else read_config(path)


def read_config(path: Path) -> SchoolConfig:
    """The settings in `path`; a path in it is relative to the file's folder."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"cannot read the settings file {path}: {exc.strerror}",
            zh=f"无法读取设置文件 {path}：{exc.strerror}",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"the settings file {path} is not valid TOML: {exc}",
            zh=f"设置文件 {path} 不是有效的 TOML：{exc}",
        ) from None
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {', '.join(unknown)} (known: {', '.join(KEYS)})",
            zh=f"{path}：未知设置 {', '.join(unknown)}（可用：{', '.join(KEYS)}）",
        )
    lang = raw.get("lang")
    if lang not in (None, "zh", "en"):
        raise ConfigError(f"{path}: lang is zh or en", zh=f"{path}：lang 只能是 zh 或 en")
    keymap = raw.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        raise ConfigError(
            f'{path}: keymap is a table of binding id = "keys"',
            zh=f'{path}：keymap 应写成 绑定编号 = "按键"',
        )

    def file_at(key: str) -> Path | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {key} is a file name", zh=f"{path}：{key} 应为文件名")
        return (path.parent / Path(value).expanduser()).resolve()

    return SchoolConfig(
        playbook=file_at("playbook"),
        directory=file_at("directory"),
        lang=lang,
        keymap=dict(keymap),
        source=path,
    )
