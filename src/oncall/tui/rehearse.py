"""`oncall rehearse`: walk a playbook step by step with no clock, no injects and nothing
recorded — for training, and for reading the plan aloud in a staff meeting.

Its own small App: no store, no passphrase, no journal. `walk_text` is the same walk
as plain text (`oncall rehearse --print`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer

from oncall.playbook.model import Lang, Phase, Playbook, Step
from oncall.playbook.sentences import condition_sentence
from oncall.tui.base import Plain
from oncall.tui.textual_private import rewrite_bindings
from oncall.tui.view import lead


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class Stop:
    """One step of the walk, with the phase it belongs to."""

    phase: Phase
    step: Step


def stops(playbook: Playbook) -> list[Stop]:
    return [Stop(phase, step) for phase in playbook.phases for step in phase.steps]


def describe_stop(playbook: Playbook, stop: Stop, lang: Lang) -> list[str]:
    """A step as it is read aloud: title, who, when it applies, target, guidance, the
    answers or items, and the wording (话术) with its blanks shown as blanks."""
    step = stop.step
    roles = {r.id: r.title.get(lang) for r in playbook.roles}
    lines = [step.title.get(lang)]
    meta = []
    if step.roles:
        who = _t(lang, "、", ", ").join(roles.get(r, r) for r in step.roles)
        meta.append(_t(lang, "谁：", "Who: ") + who)
    if step.target_minutes is not None:
        meta.append(
            _t(
                lang,
                f"目标：开案后 {step.target_minutes} 分钟内",
                f"Target: within {step.target_minutes} min of the opening",
            )
        )
    if step.when:
        meta.append(
            _t(lang, "适用条件：", "Applies when: ") + condition_sentence(step.when, playbook, lang)
        )
    if not step.required:
        meta.append(_t(lang, "（可选）", "(optional)"))
    lines.extend(meta)
    lines.append("")
    lines.extend(lead("•", line, lang) for line in step.guidance.get(lang))
    if step.options:
        lines.append("")
        lines.extend(f"  {n}. {o.label.get(lang)}" for n, o in enumerate(step.options, start=1))
    if step.fields:
        lines.append("")
        lines.extend(f"  {f.label.get(lang)}: ______" for f in step.fields)
    for script in step.scripts:
        lines.append("")
        title = script.title.get(lang)
        lines.append(_t(lang, f"【{title}】", f"[{title}]"))
        lines.extend(script.text.get(lang).splitlines())
    return lines


def walk_text(playbook: Playbook, lang: Lang) -> str:
    """The whole walk as text, phase by phase."""
    out = [
        _t(lang, "预案演习（不计时、不记录）：", "Rehearsal (no clock, nothing recorded): ")
        + playbook.title.get(lang),
        "",
    ]
    current = None
    walk = stops(playbook)
    for number, stop in enumerate(walk, start=1):
        if stop.phase.id != current:
            current = stop.phase.id
            out.extend([f"== {stop.phase.title.get(lang)} ==", ""])
        body = describe_stop(playbook, stop, lang)
        out.append(f"[{number}/{len(walk)}] {body[0]}")
        out.extend(body[1:])
        out.append("")
    return "\n".join(out).rstrip() + "\n"


class RehearseApp(App[None]):
    CSS = """
    #rehearse-title { height: 1; background: $secondary; color: $text; padding: 0 1;
                      text-style: bold; }
    #rehearse-phases { width: 34%; max-width: 44; border-right: solid $secondary; }
    #rehearse-step { padding: 0 1; }
    """
    BINDINGS = [
        Binding("down,j,space,enter", "move(1)", "下一步 / Next", id="rehearse.next"),
        Binding("up,k", "move(-1)", "上一步 / Back", id="rehearse.back"),
        Binding("pagedown,n", "phase(1)", "下一阶段 / Next phase", id="rehearse.next_phase"),
        Binding("pageup,p", "phase(-1)", "上一阶段 / Previous phase", id="rehearse.prev_phase"),
        Binding("q,ctrl+q", "quit", "退出 / Quit", id="rehearse.quit", priority=True),
    ]

    def __init__(self, playbook: Playbook, lang: Lang = "zh") -> None:
        super().__init__()
        self.playbook = playbook
        self.lang: Lang = lang
        self.walk = stops(playbook)
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Plain("", id="rehearse-title")
        with Horizontal():
            yield Plain("", id="rehearse-phases")
            with VerticalScroll(id="rehearse-step"):
                yield Plain("", id="rehearse-body")
        yield Footer()

    def on_mount(self) -> None:
        # the keys are declared "下一步 / Next": show the half in the interface language
        def word(description: str) -> str:
            halves = description.split(" / ")
            return halves[0 if self.lang == "zh" else -1]

        rewrite_bindings(self, lambda b: replace(b, description=word(b.description)))
        self.show()

    def show(self) -> None:
        lang = self.lang
        stop = self.walk[self.index] if self.walk else None
        title = _t(lang, "预案演习 · 不计时 · 不记录", "Rehearsal · no clock · nothing recorded")
        where = f"  [{self.index + 1}/{len(self.walk)}]" if self.walk else ""
        self.query_one("#rehearse-title", Plain).show(
            f"{title} — {self.playbook.title.get(lang)}{where}"
        )
        phases = []
        for phase in self.playbook.phases:
            mark = "▶" if stop is not None and phase.id == stop.phase.id else " "
            phases.append(f"{mark} {phase.title.get(lang)}")
        self.query_one("#rehearse-phases", Plain).show("\n".join(phases))
        body = describe_stop(self.playbook, stop, lang) if stop else []
        self.query_one("#rehearse-body", Plain).show("\n".join(body))

    def action_move(self, delta: int) -> None:
        if self.walk:
            self.index = max(0, min(len(self.walk) - 1, self.index + delta))
            self.show()

    def action_phase(self, delta: int) -> None:
        if not self.walk:
            return
        current = self.walk[self.index].phase.id
        order = [p.id for p in self.playbook.phases if p.steps]
        target = order[max(0, min(len(order) - 1, order.index(current) + delta))]
        self.index = next(i for i, s in enumerate(self.walk) if s.phase.id == target)
        self.show()
