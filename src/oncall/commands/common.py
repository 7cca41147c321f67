"""What every command shares: the global settings, getting a passphrase, and turning
expected failures into a clear message and an exit code (never a traceback)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from oncall.journal import Journal, OncallError

PASSPHRASE_ENV = "ONCALL_PASSPHRASE"
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Settings:
    """The global options, as the group parsed them."""

    home: Path
    lang: str = "zh"
    read_only: bool = False
    passphrase_file: Path | None = None


def settings(ctx: click.Context) -> Settings:
    value = ctx.find_object(Settings)
    if value is None:  # a command invoked on its own (tests)
        from oncall.locations import default_home

        value = Settings(home=default_home())
    return value


def fail(message: str, code: int = 1) -> None:
    click.echo(f"oncall: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Expected failures print `oncall: <message>` and exit with their code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OncallError as exc:
            context = click.get_current_context(silent=True)
            lang = settings(context).lang if context is not None else "zh"
            fail(exc.text(lang), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", EXIT_INTERRUPTED)
        except click.exceptions.Abort:
            fail("cancelled", EXIT_USAGE)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            fail(f"{exc.strerror or exc}{where}", 6 if exc.errno == 28 else 1)

    return wrapper  # type: ignore[return-value]


def read_passphrase_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OncallError(f"cannot read the passphrase file {path}: {exc}") from exc
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise OncallError(f"the passphrase file {path} is empty")
    return passphrase


def _prompt(text: str, *, confirm: bool = False) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise OncallError(
            "no passphrase given and no terminal to ask on: use --passphrase-file FILE "
            f"or set {PASSPHRASE_ENV}"
        )
    value: str = click.prompt(text, hide_input=True, confirmation_prompt=confirm)
    if not value:
        raise OncallError("the passphrase must not be empty")
    return value


def get_passphrase(conf: Settings, *, new: bool = False, prompt: str = "Passphrase") -> str:
    """From --passphrase-file, then ONCALL_PASSPHRASE (least safe), then a hidden prompt."""
    if conf.passphrase_file is not None:
        return read_passphrase_file(conf.passphrase_file)
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    return _prompt(prompt, confirm=new)


def prompt_secret(text: str, *, confirm: bool = False) -> str:
    return _prompt(text, confirm=confirm)


def open_journal(ctx: click.Context, *, read_only: bool | None = None) -> Journal:
    """Open the store the global options name, asking for the passphrase if needed."""
    conf = settings(ctx)
    ro = conf.read_only if read_only is None else read_only
    Journal.probe(conf.home, read_only=ro)
    passphrase = get_passphrase(conf)
    return Journal.open(conf.home, passphrase, read_only=ro)
