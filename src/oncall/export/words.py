"""Words and numbers as an export prints them: labels in both languages, local times,
durations. Times are shown in the case's own time zone (the UTC offset recorded with
its opening event), so an export made on another machine reads the same."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Final

from oncall.vocabulary.text import Lang, Text

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")

STATUS: Final[dict[str, Text]] = {
    "met": Text("达标", "met"),
    "missed": Text("未达标", "missed"),
    "done": Text("无目标时限", "no target"),
    "pending": Text("进行中", "pending"),
    "na": Text("不适用", "n/a"),
}
SOURCE: Final[dict[str, Text]] = {
    "danger": Text("即时危险", "immediate danger"),
    "confirmed": Text("人工确认", "confirmed"),
}
YES_NO: Final = (Text("是", "yes"), Text("否", "no"))


def zone(offset: str) -> tzinfo:
    """A fixed zone from an event's ``tz`` ("+08:00"); UTC when it cannot be read."""
    match = _OFFSET.match(offset or "")
    if not match:
        return UTC
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


class Words:
    """Formatting for one export: its language and its time zone."""

    def __init__(self, lang: Lang, tz: tzinfo) -> None:
        self.lang = lang
        self.tz = tz

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def text(self, value: Text) -> str:
        return value.get(self.lang)

    def status(self, status: str) -> str:
        return self.text(STATUS.get(status, Text(status, status)))

    def yes_no(self, value: bool) -> str:
        return self.text(YES_NO[0] if value else YES_NO[1])

    def when(self, moment: datetime | None, *, seconds: bool = False) -> str:
        """``2026-11-23 14:02`` in the case's zone; "—" for none."""
        if moment is None:
            return "—"
        return moment.astimezone(self.tz).strftime(
            "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
        )

    def clock(self, moment: datetime | None, since: datetime | None = None) -> str:
        """``14:02``, with the date when it is not the day of `since`."""
        if moment is None:
            return "—"
        local = moment.astimezone(self.tz)
        if since is not None and local.date() == since.astimezone(self.tz).date():
            return local.strftime("%H:%M")
        return local.strftime("%m-%d %H:%M")

    def minutes(self, value: float | None) -> str:
        """A length of time in words: ``16 分钟``, ``1 小时 5 分``, ``2 天 3 小时``."""
        if value is None:
            return "—"
        total = round(value)
        if value and 0 < abs(value) < 1:
            return self.t("不到 1 分钟", "under 1 min")
        days, rest = divmod(total, 1440)
        hours, mins = divmod(rest, 60)
        if days:
            return (
                self.t(f"{days} 天 {hours} 小时", f"{days} d {hours} h")
                if hours
                else (self.t(f"{days} 天", f"{days} d"))
            )
        if hours:
            return (
                self.t(f"{hours} 小时 {mins} 分", f"{hours} h {mins} min")
                if mins
                else (self.t(f"{hours} 小时", f"{hours} h"))
            )
        return self.t(f"{mins} 分钟", f"{mins} min")

    def span(self, length: timedelta) -> str:
        return self.minutes(length.total_seconds() / 60)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        return "、".join(items) if self.lang == "zh" else ", ".join(items)
