"""A school's own settings in one file (issue 16, item 7): oncall.toml beside the store
names the playbook and directory to load, the language and a keymap; `--playbook`
overrides; a bad file is a clear message and exit code 2, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from oncall.cli import cli
from oncall.config import ConfigError, read_config
from oncall.locations import default_playbook_path

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def no_outside_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ONCALL_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def test_paths_are_read_beside_the_file(tmp_path: Path) -> None:
    conf = tmp_path / "oncall.toml"
    conf.write_text(
        'playbook = "ours.toml"\ndirectory = "people/directory.toml"\nlang = "en"\n'
        '[keymap]\n"case.note" = "n"\n',
        encoding="utf-8",
    )
    school = read_config(conf)
    assert school.playbook == tmp_path / "ours.toml"
    assert school.directory == tmp_path / "people" / "directory.toml"
    assert school.lang == "en" and school.keymap == {"case.note": "n"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('colour = "red"\n', "unknown setting colour"),
        ('lang = "fr"\n', "zh or en"),
        ("keymap = 3\n", "keymap"),
        ("lang = \n", "not valid TOML"),
    ],
)
def test_a_bad_settings_file_says_what_is_wrong(tmp_path: Path, text: str, says: str) -> None:
    conf = tmp_path / "oncall.toml"
    conf.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        read_config(conf)
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "--lang", "en", "playbook", "check"])
    assert result.exit_code == 2 and says in result.output
    assert "Traceback" not in result.output


def test_the_language_and_playbook_of_the_file_are_used(tmp_path: Path) -> None:
    ours = tmp_path / "our-school.toml"
    shutil.copy(default_playbook_path(), ours)
    (tmp_path / "oncall.toml").write_text(
        'lang = "en"\nplaybook = "our-school.toml"\n', encoding="utf-8"
    )
    from oncall.commands.common import Settings

    seen: list[Settings] = []

    @cli.command("show-settings")
    def show(  # a command that reports what the group resolved
    ) -> None:
        import click

        seen.append(click.get_current_context().find_object(Settings))  # type: ignore[arg-type]

    try:
        result = CliRunner().invoke(cli, ["--home", str(tmp_path), "show-settings"])
        assert result.exit_code == 0, result.output
        assert seen[0].lang == "en" and seen[0].playbook == ours
        other = tmp_path / "other.toml"
        shutil.copy(default_playbook_path(), other)
        result = CliRunner().invoke(
            cli,
            ["--home", str(tmp_path), "--playbook", str(other), "--lang", "zh", "show-settings"],
        )
        assert seen[1].lang == "zh" and seen[1].playbook == other  # the command line wins
    finally:
        cli.commands.pop("show-settings", None)
