"""What every command shares: the global settings, getting a passphrase, and turning
expected failures into a clear message and an exit code (never a traceback)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from oncall.commands.language import lang as lang
from oncall.commands.language import say as say
from oncall.commands.language import tr as tr
from oncall.commands.language import warn as warn
from oncall.journal.errors import OncallError
from oncall.journal.hygiene import disable_core_dumps, take_env_passphrase
from oncall.journal.passphrase import require_strong

if TYPE_CHECKING:
    from oncall.journal import Journal

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
    playbook: Path | None = None
    """The school's playbook (`--playbook`, else the settings file's)."""
    directory: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, from the settings file."""


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
            fail(exc.text(lang()), exc.exit_code)
        except KeyboardInterrupt:
            fail(tr("已中断", "interrupted"), EXIT_INTERRUPTED)
        except click.exceptions.Abort:
            fail(tr("已取消", "cancelled"), EXIT_USAGE)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            what = tr("系统错误：", "") if exc.strerror else ""
            fail(f"{what}{exc.strerror or exc}{where}", 6 if exc.errno == 28 else 1)

    return wrapper  # type: ignore[return-value]


def read_passphrase_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OncallError(
            f"cannot read the passphrase file {path}: {exc}", zh=f"无法读取口令文件 {path}：{exc}"
        ) from exc
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise OncallError(f"the passphrase file {path} is empty", zh=f"口令文件 {path} 是空的")
    return passphrase


def _prompt(text: str, *, confirm: bool = False) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise OncallError(
            "no passphrase given and no terminal to ask on: use --passphrase-file FILE "
            f"or set {PASSPHRASE_ENV}",
            zh="没有给出口令，也没有终端可以询问："
            f"请用 --passphrase-file 文件，或设置 {PASSPHRASE_ENV}",
        )
    value: str = click.prompt(
        text,
        hide_input=True,
        confirmation_prompt=tr("再输入一次", "Repeat for confirmation") if confirm else False,
    )
    if not value:
        raise OncallError("the passphrase must not be empty", zh="口令不能为空")
    return value


def passphrase_from_env() -> str | None:
    """ONCALL_PASSPHRASE as the process found it: taken out of the environment at
    process start (`oncall.process.secure_start`), so no child process (an editor, a viewer
    opened on an export, a crash reporter) inherits it; given out once."""
    return take_env_passphrase()


def get_passphrase(
    conf: Settings,
    *,
    new: bool = False,
    prompt: str | None = None,
    context: tuple[str, ...] = (),
) -> str:
    """From --passphrase-file, then ONCALL_PASSPHRASE (least safe), then a hidden prompt.
    A new passphrase must pass the rules (length, strength, not built on `context`:
    this school's words) before anything is written."""
    disable_core_dumps()  # done at process start already; a passphrase is reason enough
    if conf.passphrase_file is not None:
        passphrase = read_passphrase_file(conf.passphrase_file)
    else:
        text = prompt or tr("口令", "Passphrase")
        passphrase = passphrase_from_env() or _prompt(text, confirm=new)
    if new:
        require_strong(passphrase, context)
    return passphrase


def school_words(home: Path, operators: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Words of this school a guesser tries first: its name and its people's names from
    the school directory, the store folder's name, and the operators' names."""
    import tomllib

    from oncall.locations import default_directory_path

    words: list[str] = [Path(home).name, *operators]
    try:
        with default_directory_path().open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        data = {}
    school = data.get("school")
    if isinstance(school, dict) and isinstance(school.get("name"), str):
        words.append(school["name"])
    for person in data.get("people") or ():
        if isinstance(person, dict) and isinstance(person.get("name"), str):
            words.append(person["name"])
    return tuple(word for word in words if word)


def show_notice(notice: OncallError | None) -> None:
    """A notice from opening the store (e.g. an interrupted key change finished), on
    stderr in the interface language."""
    if notice is not None:
        click.echo(f"oncall: {notice.text(lang())}", err=True)


def prompt_secret(text: str, *, confirm: bool = False) -> str:
    return _prompt(text, confirm=confirm)


def open_journal(ctx: click.Context, *, read_only: bool | None = None) -> Journal:
    """Open the store the global options name, asking for the passphrase if needed."""
    from oncall.journal import Journal  # the app's launch imports this module, not the store

    conf = settings(ctx)
    ro = conf.read_only if read_only is None else read_only
    show_notice(Journal.probe(conf.home, read_only=ro))
    passphrase = get_passphrase(conf)
    return Journal.open(conf.home, passphrase, read_only=ro)


def playbook_problems(exc: Exception) -> OncallError:
    """A playbook that does not load: its problems (file:line:col technical text) under a
    heading in the interface language."""
    return OncallError(f"the playbook has problems:\n{exc}", zh=f"预案有问题：\n{exc}")
