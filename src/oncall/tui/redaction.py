"""Before a redacted export is written: which people, places and numbers it replaces,
and by what (`oncall.export.redaction_preview`). On screen only — never logged or
notified — since it lists the originals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import TextArea

from oncall.export import Preview
from oncall.tui.base import Plain
from oncall.tui.dialogs import Panel
from oncall.tui.i18n import Lang, t


def preview_lines(preview: Preview, lang: Lang) -> list[str]:
    """One line per pseudonym: "学生：李小明 → 学生甲", by category."""
    lines = []
    if not preview.has_student_name:
        lines.append(t("redact.no_student", lang))
    colon = "：" if lang == "zh" else ": "
    sep = "、" if lang == "zh" else ", "
    for row in preview.replacements:
        lines.append(
            f"{t(f'redact.{row.category}', lang)}{colon}{sep.join(row.originals)} → {row.pseudonym}"
        )
    if not preview.replacements:
        lines.append(t("redact.nothing", lang))
    return lines


class RedactionPreview(Panel):
    """The replacements a redacted export will make; Ctrl+S writes it, Esc goes back."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", "redact.write", id="redact.confirm"),
        Binding("escape", "cancel", "key.cancel", id="redact.cancel"),
    ]

    def __init__(self, title: str, preview: Preview, lang: Lang) -> None:
        super().__init__()
        self.title_text = title
        self.lines = preview_lines(preview, lang)
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Plain(self.title_text, id="dialog-title")
        yield Plain(t("redact.intro", self.lang), id="dialog-intro")
        yield TextArea("\n".join(self.lines), read_only=True, id="panel-text")
        yield Plain(
            f"Ctrl+S {t('redact.write', self.lang)}   Esc {t('key.cancel', self.lang)}",
            id="dialog-keys",
        )

    def first_focus(self) -> Widget | None:
        return self.query_one("#panel-text")

    def action_confirm(self) -> None:
        self.finish(True)

    def action_cancel(self) -> None:
        self.finish(False)
