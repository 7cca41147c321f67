"""Each event kind as words, for places that name a kind rather than describe one
event (a condition in `oncall rehearse`: "once danger has been declared")."""

from __future__ import annotations

from typing import Final

from oncall.vocabulary import kinds
from oncall.vocabulary.entries import ENTRIES
from oncall.vocabulary.text import Text

KIND_WORDS: Final[dict[str, Text]] = {
    kinds.CASE_OPENED: Text("开案", "the case opened"),
    kinds.CASE_CLOSED: Text("结案", "the case closed"),
    kinds.ACTOR_CHANGED: Text("换人操作", "a change of operator"),
    kinds.CORRECTION: Text("更正", "a correction"),
    kinds.JOURNAL_REPAIRED: Text("日志修复", "a journal repair"),
    kinds.JOURNAL_REANCHORED: Text("重新锚定", "a re-anchoring"),
    kinds.STEP_ANSWERED: Text("回答一步", "a step answered"),
    kinds.STEP_DONE: Text("完成一步", "a step done"),
    kinds.STEP_SKIPPED: Text("跳过一步", "a step skipped"),
    kinds.DANGER_DECLARED: Text("宣布紧急危险", "immediate danger declared"),
    kinds.DRILL_STARTED: Text("演练开始", "the drill starting"),
    kinds.DRILL_INJECT: Text("演练情景", "a drill inject"),
    kinds.DRILL_RESPONSE: Text("对情景的应对", "a response to an inject"),
    **{kind: entry.words for kind, entry in ENTRIES.items()},
}
"""Every kind of `oncall.vocabulary.kinds` (a test checks none is missing); a kind
with an entry in its declaration's words."""


def kind_words(kind: str, lang: str) -> str:
    entry = ENTRIES.get(kind)  # a kind declared later (a test's) reads its declaration
    text = entry.words if entry is not None else KIND_WORDS.get(kind)
    return kind if text is None else (text.zh if lang == "zh" else text.en)
