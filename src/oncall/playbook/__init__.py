"""Playbooks: the model, the TOML loader and validator, the condition language and the
school directory. No UI here.

    from oncall.playbook import load_playbook, parse_condition
    playbook = load_playbook(default_playbook_path())
"""

from oncall.playbook.check import check_file
from oncall.playbook.conditions import (
    Condition,
    ConditionContext,
    ConditionError,
    References,
    SimpleContext,
    parse_condition,
)
from oncall.playbook.directory import (
    INSTITUTION_KINDS,
    Directory,
    Institution,
    Person,
    check_directory_file,
    load_directory,
)
from oncall.playbook.loader import YES_NO, check_playbook_file, load_playbook
from oncall.playbook.model import (
    LANGS,
    LEVELS,
    STEP_KINDS,
    FormField,
    Lang,
    Level,
    LevelRule,
    Lines,
    Option,
    Phase,
    Playbook,
    Role,
    Script,
    Step,
    StepKind,
    Text,
    Timer,
)
from oncall.playbook.placeholders import PLACEHOLDERS, fill, placeholders_in
from oncall.playbook.problems import PlaybookError, Problem

__all__ = [
    "INSTITUTION_KINDS",
    "LANGS",
    "LEVELS",
    "PLACEHOLDERS",
    "STEP_KINDS",
    "YES_NO",
    "Condition",
    "ConditionContext",
    "ConditionError",
    "Directory",
    "FormField",
    "Institution",
    "Lang",
    "Level",
    "LevelRule",
    "Lines",
    "Option",
    "Person",
    "Phase",
    "Playbook",
    "PlaybookError",
    "Problem",
    "References",
    "Role",
    "Script",
    "SimpleContext",
    "Step",
    "StepKind",
    "Text",
    "Timer",
    "check_directory_file",
    "check_file",
    "check_playbook_file",
    "fill",
    "load_directory",
    "load_playbook",
    "parse_condition",
    "placeholders_in",
]
