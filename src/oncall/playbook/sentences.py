"""A condition of the playbook as a sentence a person reads aloud, in either language:
`oncall rehearse` shows "applies when: the answer to "Q5" is "yes"", not the code.

The text is parsed with `ast` exactly as the condition language allows
(`oncall.playbook.conditions`); steps, their answers and checklist items are named by
their titles, event kinds by their words, named conditions by what they say."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import cast

from oncall.playbook.model import Lang, Playbook, Step
from oncall.vocabulary.kind_words import kind_words

_OPS_ZH = {
    ast.Eq: "是",
    ast.NotEq: "不是",
    ast.Lt: "小于",
    ast.LtE: "不超过",
    ast.Gt: "大于",
    ast.GtE: "至少",
    ast.In: "是以下之一：",
    ast.NotIn: "不是以下任何一个：",
}
_OPS_EN = {
    ast.Eq: "is",
    ast.NotEq: "is not",
    ast.Lt: "is under",
    ast.LtE: "is at most",
    ast.Gt: "is over",
    ast.GtE: "is at least",
    ast.In: "is one of",
    ast.NotIn: "is none of",
}


class _Sentence:
    def __init__(self, playbook: Playbook, lang: Lang) -> None:
        self.lang = lang
        self.steps: Mapping[str, Step] = {s.id: s for s in playbook.steps()}
        self.named = playbook.conditions
        self.levels = playbook.level_titles

    def z(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def quote(self, text: str) -> str:
        return self.z(f"“{text}”", f'"{text}"')

    def step(self, step_id: str) -> str:
        step = self.steps.get(step_id)
        return self.quote(step.title.get(self.lang).rstrip("。.？?") if step else step_id)

    def option(self, step_id: str, value: object) -> str:
        step = self.steps.get(step_id)
        if step is not None:
            for option in step.options:
                if option.id == value:
                    return self.quote(option.label.get(self.lang))
        words = {"yes": self.z("是", "yes"), "no": self.z("否", "no")}
        return self.quote(words.get(str(value), str(value)))

    def text(self, node: ast.expr, depth: int = 0) -> str:
        if isinstance(node, ast.BoolOp):
            both = isinstance(node.op, ast.And)
            joiner = self.z("，并且", ", and ") if both else self.z("，或者", ", or ")
            return joiner.join(self.part(v, node.op, depth) for v in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return (
                self.z("并非（", "not (") + self.text(node.operand, depth + 1) + self.z("）", ")")
            )
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Name):
            return self.name(node.id, depth)
        if isinstance(node, ast.Constant):
            return self.quote(str(node.value))
        return ast.unparse(node)

    def part(self, node: ast.expr, op: ast.boolop, depth: int) -> str:
        """One side of and/or; an or inside an and (or the reverse) is bracketed."""
        inner = self.text(node, depth + 1)
        if isinstance(node, ast.BoolOp) and type(node.op) is not type(op):
            return self.z(f"（{inner}）", f"({inner})")
        return inner

    def name(self, name: str, depth: int) -> str:
        if name == "drill":
            return self.z("这是演练", "this is a drill")
        if name in self.named and depth < 8:
            return (
                self.z("（", "(")
                + self.text(_parse(self.named[name]), depth + 1)
                + self.z("）", ")")
            )
        return name

    def subject(self, node: ast.expr) -> tuple[str, str]:
        """(words for the left side, the step it asks about or "")."""
        if isinstance(node, ast.Name) and node.id == "level":
            return self.z("风险级别", "the risk level"), ""
        if isinstance(node, ast.Name) and node.id == "age":
            return self.z("学生年龄", "the student's age"), ""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            arg = node.args[0]
            step_id = arg.value if isinstance(arg, ast.Constant) else ""
            if node.func.id == "answer":
                return self.z(
                    f"{self.step(str(step_id))}的回答", f"the answer to {self.step(str(step_id))}"
                ), str(step_id)
            if node.func.id == "count":
                return self.z(
                    f"{self.step(str(step_id))}中勾选的项数",
                    f"the number of items ticked in {self.step(str(step_id))}",
                ), str(step_id)
        return self.text(node), ""

    def value(self, node: ast.expr, step_id: str, level: bool) -> str:
        if isinstance(node, ast.List | ast.Tuple):
            sep = self.z("、", ", ")
            return sep.join(self.value(e, step_id, level) for e in node.elts)
        if isinstance(node, ast.Constant):
            if level and isinstance(node.value, str):
                title = self.levels.get(node.value)
                return self.quote(title.get(self.lang) if title else node.value)
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return str(node.value)
            if step_id:
                return self.option(step_id, node.value)
            return self.quote(str(node.value))
        return self.text(node)

    def compare(self, node: ast.Compare) -> str:
        if _anything_ticked(node):
            return self.call(cast(ast.Call, node.left))  # "something is ticked in …"
        parts = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            words, step_id = self.subject(left)
            level = isinstance(left, ast.Name) and left.id == "level"
            table = _OPS_ZH if self.lang == "zh" else _OPS_EN
            verb = table.get(type(op), "?")
            shown = self.value(right, step_id, level)
            if isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE) and words.endswith(
                ("年龄", "age")
            ):
                shown += self.z("岁", "")
            gap = "" if self.lang == "zh" else " "
            parts.append(f"{words}{gap}{verb}{gap}{shown}")
            left = right
        return self.z("，并且", ", and ").join(parts)

    def call(self, node: ast.Call) -> str:
        if not isinstance(node.func, ast.Name):
            return ast.unparse(node)
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        first = str(args[0]) if args else ""
        match node.func.id:
            case "happened":
                words = self.quote(kind_words(first, self.lang))
                return self.z(f"已记录{words}", f"{words} has been recorded")
            case "done":
                return self.z(f"{self.step(first)}已完成", f"{self.step(first)} is done")
            case "skipped":
                return self.z(f"{self.step(first)}已跳过", f"{self.step(first)} was skipped")
            case "checked":
                item = self.option(first, args[1] if len(args) > 1 else "")
                return self.z(
                    f"{self.step(first)}中勾选了{item}", f"{item} is ticked in {self.step(first)}"
                )
            case "answer":
                return self.z(f"{self.step(first)}已回答", f"{self.step(first)} is answered")
            case "count":
                return self.z(
                    f"{self.step(first)}中有勾选", f"something is ticked in {self.step(first)}"
                )
        return ast.unparse(node)


def _anything_ticked(node: ast.Compare) -> bool:
    """`count("x") > 0` or `count("x") >= 1`."""
    if len(node.ops) != 1:
        return False
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if not (isinstance(left, ast.Call) and isinstance(left.func, ast.Name)):
        return False
    if left.func.id != "count" or not isinstance(right, ast.Constant):
        return False
    return (isinstance(op, ast.Gt) and right.value == 0) or (
        isinstance(op, ast.GtE) and right.value == 1
    )


def _parse(text: str) -> ast.expr:
    return ast.parse(text.strip(), mode="eval").body


def condition_sentence(text: str, playbook: Playbook, lang: Lang) -> str:
    """The condition in words; the text as written when it cannot be parsed."""
    try:
        return _Sentence(playbook, lang).text(_parse(text))
    except (SyntaxError, ValueError, RecursionError):
        return text
