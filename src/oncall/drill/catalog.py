"""The scenarios a school has: `playbooks/drills/*.toml`, found by id or by path."""

from __future__ import annotations

from pathlib import Path

from oncall.drill.loader import check_scenario_file, load_scenario
from oncall.drill.scenario import Scenario
from oncall.journal import OncallError
from oncall.playbook import Playbook, PlaybookError


def drills_dir() -> Path:
    from oncall.locations import playbooks_dir

    return playbooks_dir() / "drills"


def scenario_files(folder: Path | None = None) -> list[Path]:
    folder = folder or drills_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def find_scenario(name: str, folder: Path | None = None) -> tuple[Scenario, Playbook]:
    """A scenario by file path, by id, or by file name without `.toml`. Raises
    `OncallError` (exit 1) naming the known ones, or listing the file's problems."""
    path = Path(name)
    if not (path.suffix == ".toml" and path.is_file()):
        candidates = [p for p in scenario_files(folder) if p.stem == name]
        if not candidates:
            for candidate in scenario_files(folder):
                try:
                    if load_scenario(candidate)[0].id == name:
                        candidates = [candidate]
                        break
                except PlaybookError:
                    continue
        if not candidates:
            known = ", ".join(p.stem for p in scenario_files(folder))
            raise OncallError(
                f"no drill scenario {name!r} (known: {known or 'none'})",
                zh=f"没有演练场景 {name!r}（已有：{known or '无'}）",
            )
        path = candidates[0]
    try:
        return load_scenario(path)
    except PlaybookError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise OncallError(
            f"the scenario has problems:\n{lines}", zh=f"演练场景有问题：\n{lines}"
        ) from exc


def catalog(folder: Path | None = None) -> list[tuple[Path, Scenario | None, int]]:
    """Every scenario file: (path, the scenario or None when it has problems, problems)."""
    found: list[tuple[Path, Scenario | None, int]] = []
    for path in scenario_files(folder):
        problems = check_scenario_file(path)
        scenario = None if problems else load_scenario(path)[0]
        found.append((path, scenario, len(problems)))
    return found
