"""Issue 17: a step's text never sends the user to "the report screen" without naming
the key, and a step that says Space records it is one whose Space opens that entry
(its `records`), so following ▶ alone records every step."""

from __future__ import annotations

import re

from oncall.locations import default_playbook_path
from oncall.playbook import load_playbook

ANOTHER_SCREEN = {
    "zh": re.compile(r"在\S{1,6}界面|按\S{1,6}处理"),
    "en": re.compile(r"\b(on|use) the [\w-]+ screen\b"),
}
SPACE_RECORDS = {"zh": "按空格记录", "en": "Space to record"}


def test_no_step_sends_the_user_to_another_screen_without_its_key() -> None:
    playbook = load_playbook(default_playbook_path())
    found = [
        (step.id, line)
        for step in playbook.steps()
        for lang in ("zh", "en")
        for line in step.guidance.get(lang)
        if ANOTHER_SCREEN[lang].search(line) and not re.search(r"按 ?\S ?[（(]|press \S \(", line)
    ]
    assert found == []


def test_a_step_that_says_space_records_it_opens_its_entry_with_space() -> None:
    playbook = load_playbook(default_playbook_path())
    says_space = {
        step.id
        for step in playbook.steps()
        for lang in ("zh", "en")
        for line in step.guidance.get(lang)
        if SPACE_RECORDS[lang] in line
    }
    assert says_space  # the default playbook names Space for its own entries
    assert {s for s in says_space if playbook.step(s).records is None} == set()
