"""The interface language of the command being run, and printing in it.

Every CLI message is written as a pair, Chinese first: `say("已写入 …", "wrote …")`.
Light on purpose (no store, no crypto), so `oncall playbook check` stays cheap."""

from __future__ import annotations

import click


def lang() -> str:
    """The interface language of the command being run ("zh" unless --lang en)."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        value = getattr(ctx.obj, "lang", None)
        if value in ("zh", "en"):
            return str(value)
        ctx = ctx.parent
    return "zh"


def tr(zh: str, en: str) -> str:
    """`zh` or `en`, whichever the interface language is."""
    return en if lang() == "en" else zh


def count(n: int, noun: str) -> str:
    """An English count with its noun in the right number: "1 case", "2 cases" (the
    Chinese side needs none: "1 个案件")."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def say(zh: str, en: str, *, err: bool = False) -> None:
    """Print a line in the interface language."""
    click.echo(tr(zh, en), err=err)


def warn(zh: str, en: str) -> None:
    """A warning on stderr, in the interface language."""
    click.echo(tr(f"oncall：警告：{zh}", f"oncall: warning: {en}"), err=True)
