"""What each key of the case screen does: which dialog to show and which single
`CaseSession` call its answers become. Kept apart from the screen's layout."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oncall.playbook.model import LEVELS
from oncall.tui import clipboard, view
from oncall.tui.dialogs import Field, MenuDialog, split_names
from oncall.tui.i18n import t

if TYPE_CHECKING:
    from oncall.tui.screens.case import CaseScreen


def _session(screen: CaseScreen) -> Any:
    assert screen.session is not None
    return screen.session


def _menu(screen: CaseScreen, title: str, choices: list[tuple[str, str]], then: Any) -> None:
    if screen.oc.read_only:
        screen.notify(t("case.read_only", screen.oc.lang), severity="warning", markup=False)
        return

    def picked(choice: str | None) -> None:
        if choice is not None:
            then(choice)

    screen.app.push_screen(MenuDialog(title, choices), picked)


def _when(lang: str) -> Field:
    return Field("at", t("dlg.when", lang), kind="time")


# --- the selected step ----------------------------------------------------------------------
def primary(screen: CaseScreen, step_id: str | None) -> None:
    """Space/Enter: finish the shown step the way its kind asks."""
    if step_id is None:
        return
    playbook = screen.oc.playbook
    step = playbook.step(step_id)
    session = _session(screen)
    link = view.special_entry(step)
    if link is not None and link.kind in ENTRIES:
        ENTRIES[link.kind](screen, link)
        return
    if step.kind == "check":
        screen.record(lambda: session.answer(step_id, sorted(screen.ticked)))
    elif step.kind == "form":
        fields = [
            Field(
                f.id,
                f.label.get(screen.oc.lang),
                kind="number" if f.type == "number" else ("time" if f.type == "time" else "text"),
                required=f.required,
            )
            for f in step.fields
        ]

        def answered(values: dict[str, Any]) -> Any:
            clean = {
                key: (value.isoformat() if hasattr(value, "isoformat") else value)
                for key, value in values.items()
                if value not in ("", None)
            }
            return session.answer(step_id, clean)

        screen.ask(step.title.get(screen.oc.lang), fields, answered)
    elif step.kind in ("question", "choice"):
        screen.notify(t("case.options_hint", screen.oc.lang), markup=False)
    else:
        screen.record(lambda: session.done(step_id))


def option(screen: CaseScreen, step_id: str | None, number: int) -> None:
    if step_id is None:
        return
    step = screen.oc.playbook.step(step_id)
    if not 1 <= number <= len(step.options):
        return
    chosen = step.options[number - 1].id
    if step.kind == "check":
        screen.ticked ^= {chosen}
        screen._show_step(step_id)
    elif step.kind in ("question", "choice"):
        session = _session(screen)
        screen.record(lambda: session.answer(step_id, chosen))


def earlier(screen: CaseScreen, step_id: str | None) -> None:
    """Record the shown action as done at an earlier time ("called 120 at 14:02")."""
    if step_id is None:
        return
    step = screen.oc.playbook.step(step_id)
    if step.kind in ("question", "choice", "check", "form"):
        primary(screen, step_id)
        return
    lang = screen.oc.lang
    session = _session(screen)
    field = Field("at", t("dlg.when", lang), kind="time", required=True)
    screen.ask(step.title.get(lang), [field], lambda v: session.done(step_id, at=v["at"]))


def skip(screen: CaseScreen, step_id: str | None) -> None:
    if step_id is None:
        return
    lang = screen.oc.lang
    session = _session(screen)
    step = screen.oc.playbook.step(step_id)
    screen.ask(
        f"{t('dlg.skip', lang)}: {step.title.get(lang)}",
        [Field("reason", t("dlg.reason", lang), required=True)],
        lambda v: session.skip(step_id, v["reason"]),
    )


# --- anywhere ---------------------------------------------------------------------------------
def note(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.note", lang),
        [Field("text", t("dlg.note_text", lang), required=True), _when(lang)],
        lambda v: session.note(v["text"], at=v["at"]),
    )


def danger(screen: CaseScreen) -> None:
    """Immediate danger: jump to the danger phase, and record that the path was taken."""
    session = _session(screen)
    if not view.danger_declared(screen.state) and not screen.oc.read_only:
        screen.record(lambda: session.declare_danger([]))
    screen.selected = view.danger_step(screen.state, screen.oc.playbook)
    screen.redraw()


def level(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    suggested, drivers, because = view.suggestion(screen.state, lang)
    titles = view.level_titles(screen.oc.playbook, lang)
    intro = f"{t('case.suggested', lang)}: {titles.get(suggested or '', t('level.none', lang))}"
    if because:
        intro += "\n" + "\n".join(f"  · {line}" for line in because)
    fields = [
        Field(
            "level",
            t("dlg.level_choice", lang),
            kind="choice",
            choices=tuple((lv, titles[lv]) for lv in LEVELS),
            value=suggested or "I",
        ),
        Field("reason", t("dlg.override_reason", lang)),
        Field(
            "assessors", t("dlg.assessors", lang), kind="list", required=True, value=screen.oc.actor
        ),
    ]
    screen.ask(
        t("dlg.level", lang),
        fields,
        lambda v: session.confirm_level(
            v["level"],
            suggested=suggested,
            drivers=drivers,
            assessors=v["assessors"],
            reason=v["reason"],
        ),
        intro=intro,
    )


def custody(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("start", t("dlg.custody_start", lang)),
        ("checkin", t("dlg.custody_checkin", lang)),
        ("handover", t("dlg.custody_handover", lang)),
        ("left", t("dlg.custody_left", lang)),
        ("end", t("dlg.custody_end", lang)),
    ]
    _menu(screen, t("dlg.custody", lang), choices, lambda c: CUSTODY[c](screen))


def custody_start(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    observations = tuple((o, t(f"obs.{o}", lang)) for o in ("arm", "sight", "interval"))
    screen.ask(
        t("dlg.custody_start", lang),
        [
            Field(
                "place", t("dlg.place", lang), required=True, value=view.fact(screen.state, "place")
            ),
            Field(
                "custodians",
                t("dlg.custodians", lang),
                kind="list",
                required=True,
                value=screen.oc.actor,
            ),
            Field(
                "observation",
                t("dlg.observation", lang),
                kind="choice",
                choices=observations,
                value="arm",
            ),
            Field("check_minutes", t("dlg.check_minutes", lang), kind="number", value=15),
            _when(lang),
        ],
        lambda v: session.start_custody(
            v["place"], v["custodians"], v["observation"], v["check_minutes"] or 15, at=v["at"]
        ),
    )


def custody_checkin(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.custody_checkin", lang),
        [
            Field("by", t("dlg.checked_by", lang), required=True, value=screen.oc.actor),
            Field("state", t("dlg.state", lang)),
            _when(lang),
        ],
        lambda v: session.checkin(v["by"], v["state"], at=v["at"]),
    )


def custody_handover(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    holders = ", ".join(view.custodians(screen.state))

    def handed(v: dict[str, Any]) -> Any:
        actions_list = []
        for item in v["actions"].replace("；", ";").split(";"):
            what, _, owner = item.partition("/")
            if what.strip():
                actions_list.append({"what": what.strip(), "owner": owner.strip()})
        return session.handover(
            split_names(v["from"]),
            v["to"],
            severity=v["severity"],
            summary=v["summary"],
            actions=actions_list,
            watch=v["watch"],
            readback=v["readback"],
        )

    screen.ask(
        t("dlg.custody_handover", lang),
        [
            Field("from", t("dlg.from", lang), value=holders),
            Field("to", t("dlg.to", lang), kind="list", required=True),
            Field(
                "severity",
                t("dlg.severity", lang),
                required=True,
                value=view.level_title(screen.state, screen.oc.playbook, lang),
            ),
            Field("summary", t("dlg.summary", lang), required=True),
            Field("actions", t("dlg.actions", lang)),
            Field("watch", t("dlg.watch", lang)),
            Field("readback", t("dlg.readback", lang), kind="bool"),
        ],
        handed,
    )


def custody_left(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.custody_left", lang),
        [Field("name", t("dlg.left_name", lang), required=True)],
        lambda v: session.custodian_left(v["name"]),
    )


def custody_end(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.custody_end", lang),
        [
            Field(
                "to",
                t("dlg.handover_to", lang),
                kind="choice",
                choices=(
                    ("guardian", t("to.guardian", lang)),
                    ("hospital", t("to.hospital", lang)),
                ),
            ),
            Field("received_by", t("dlg.received_by", lang), required=True),
            Field("place", t("dlg.place", lang), required=True),
        ],
        lambda v: session.end_custody(v["to"], v["received_by"], v["place"]),
    )


CUSTODY = {
    "start": custody_start,
    "checkin": custody_checkin,
    "handover": custody_handover,
    "left": custody_left,
    "end": custody_end,
}


def contact(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("attempt", t("dlg.attempt", lang)),
        ("guardian", t("dlg.add_guardian", lang)),
        ("decision", t("dlg.decision", lang)),
        ("arrived", t("dlg.arrived", lang)),
    ]
    _menu(screen, t("dlg.contact", lang), choices, lambda c: CONTACT[c](screen))


def contact_attempt(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    target, phone = view.next_guardian(screen.state)
    outcomes = tuple(
        (o, t(f"out.{o}", lang))
        for o in ("reached", "no_answer", "switched_off", "refused", "wrong_number")
    )
    screen.ask(
        t("dlg.attempt", lang),
        [
            Field("target", t("dlg.target", lang), required=True, value=target),
            Field("phone", t("dlg.phone", lang), value=phone),
            Field(
                "outcome",
                t("dlg.outcome", lang),
                kind="choice",
                choices=outcomes,
                value="no_answer",
            ),
            Field("said", t("dlg.said", lang)),
            _when(lang),
        ],
        lambda v: session.contact_attempt(
            v["target"], v["phone"], v["outcome"], v["said"], at=v["at"]
        ),
    )


def contact_guardian(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.add_guardian", lang),
        [
            Field("name", t("dlg.name", lang), required=True),
            Field("relation", t("dlg.relation", lang)),
            Field("phone", t("dlg.phone", lang), required=True),
            Field(
                "priority",
                t("dlg.priority", lang),
                kind="number",
                value=view.guardian_count(screen.state) + 1,
            ),
            Field("emergency", t("dlg.emergency", lang), kind="bool"),
        ],
        lambda v: session.add_guardian(
            v["name"], v["relation"], v["phone"], v["priority"] or 1, v["emergency"]
        ),
    )


def contact_decision(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    decisions = tuple(
        (d, t(f"dec.{d}", lang))
        for d in ("coming", "take_home", "agreement", "attorney", "refuse_treatment")
    )
    screen.ask(
        t("dlg.decision", lang),
        [
            Field("decision", t("dlg.decision_choice", lang), kind="choice", choices=decisions),
            Field("eta", t("dlg.eta", lang), kind="time"),
            Field("by", t("dlg.name", lang), value=view.next_guardian(screen.state)[0]),
            Field("note", t("dlg.note_text", lang)),
        ],
        lambda v: session.family_decision(v["decision"], eta=v["eta"], by=v["by"], note=v["note"]),
    )


def contact_arrived(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.arrived", lang),
        [Field("who", t("dlg.who_arrived", lang), kind="list", required=True), _when(lang)],
        lambda v: session.family_arrived(v["who"], at=v["at"]),
    )


CONTACT = {
    "attempt": contact_attempt,
    "guardian": contact_guardian,
    "decision": contact_decision,
    "arrived": contact_arrived,
}


def medical(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("called", t("dlg.called", lang)),
        ("accompany", t("dlg.accompany", lang)),
        ("arrived", t("dlg.hospital_arrived", lang)),
        ("handover", t("dlg.hospital_handover", lang)),
        ("referral", t("dlg.referral", lang)),
    ]
    _menu(screen, t("dlg.medical", lang), choices, lambda c: MEDICAL[c](screen))


def medical_called(screen: CaseScreen, number: str | None = None) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.called", lang),
        [
            Field(
                "number",
                t("dlg.number", lang),
                kind="choice",
                choices=(("120", "120"), ("110", "110")),
                value=number or "120",
            ),
            _when(lang),
        ],
        lambda v: session.medical_called(v["number"], at=v["at"]),
    )


def medical_accompany(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.accompany", lang),
        [
            Field("staff", t("dlg.staff", lang), kind="list", required=True, value=screen.oc.actor),
            Field("guardian", t("dlg.guardian", lang)),
            Field("attorney", t("dlg.attorney", lang), kind="bool"),
        ],
        lambda v: session.medical_accompany(v["staff"], v["guardian"], v["attorney"]),
    )


def medical_arrived(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.hospital_arrived", lang),
        [
            Field(
                "hospital",
                t("dlg.hospital", lang),
                required=True,
                value=view.default_hospital(screen.oc.directory, lang),
            ),
            _when(lang),
        ],
        lambda v: session.medical_arrived(v["hospital"], at=v["at"]),
    )


def medical_handover(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.hospital_handover", lang),
        [
            Field(
                "hospital",
                t("dlg.hospital", lang),
                required=True,
                value=view.hospital(screen.state)
                or view.default_hospital(screen.oc.directory, lang),
            ),
            Field("staff", t("dlg.hospital_staff", lang), required=True),
            Field("ward_custody", t("dlg.ward_custody", lang), kind="bool"),
        ],
        lambda v: session.medical_handover(v["hospital"], v["staff"], v["ward_custody"]),
    )


def medical_referral(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.referral", lang),
        [
            Field(
                "institution",
                t("dlg.institution", lang),
                required=True,
                value=view.default_hospital(screen.oc.directory, lang),
            ),
            Field("consent", t("dlg.consent", lang), kind="bool"),
            Field("recommendation", t("dlg.recommendation", lang)),
        ],
        lambda v: session.referral(v["institution"], v["consent"], v["recommendation"]),
    )


MEDICAL = {
    "called": medical_called,
    "accompany": medical_accompany,
    "arrived": medical_arrived,
    "handover": medical_handover,
    "referral": medical_referral,
}


def report(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("phone", t("dlg.report_phone", lang)),
        ("written", t("dlg.report_written", lang)),
        ("weekly", t("dlg.report_weekly", lang)),
        ("notified", t("dlg.notified", lang)),
    ]
    _menu(screen, t("dlg.report", lang), choices, lambda c: REPORT[c](screen))


def report_phone(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.report_phone", lang),
        [
            Field(
                "to",
                t("dlg.to_whom", lang),
                required=True,
                value=view.person_for(screen.oc.directory, "leader"),
            ),
            _when(lang),
        ],
        lambda v: session.report_phone(v["to"], at=v["at"]),
    )


def report_written(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.report_written", lang),
        [
            Field(
                "to",
                t("dlg.to_whom", lang),
                required=True,
                value=view.person_for(screen.oc.directory, "leader"),
            ),
            _when(lang),
        ],
        lambda v: session.report_written(v["to"], at=v["at"]),
    )


def report_weekly(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.report_weekly", lang),
        [Field("summary", t("dlg.summary", lang), required=True)],
        lambda v: session.report_weekly(v["summary"]),
    )


def report_notified(screen: CaseScreen, role: str | None = None) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    roles = tuple((r.id, r.title.get(lang)) for r in screen.oc.playbook.roles)
    screen.ask(
        t("dlg.notified", lang),
        [
            Field(
                "role", t("dlg.role", lang), kind="choice", choices=roles, value=role or roles[0][0]
            ),
            Field(
                "person",
                t("dlg.person", lang),
                required=True,
                value=view.person_for(screen.oc.directory, role or ""),
            ),
            _when(lang),
        ],
        lambda v: session.notified(v["role"], v["person"], at=v["at"]),
    )


REPORT = {
    "phone": report_phone,
    "written": report_written,
    "weekly": report_weekly,
    "notified": report_notified,
}

ENTRIES: dict[str, Any] = {
    "custody.started": lambda screen, link: custody_start(screen),
    "custody.checkin": lambda screen, link: custody_checkin(screen),
    "custody.handover": lambda screen, link: custody_handover(screen),
    "custody.ended": lambda screen, link: custody_end(screen),
    "contact.attempt": lambda screen, link: contact_attempt(screen),
    "contact.guardian": lambda screen, link: contact_guardian(screen),
    "family.decision": lambda screen, link: contact_decision(screen),
    "family.arrived": lambda screen, link: contact_arrived(screen),
    "medical.called": lambda screen, link: medical_called(screen, link.value),
    "medical.accompany": lambda screen, link: medical_accompany(screen),
    "medical.arrived": lambda screen, link: medical_arrived(screen),
    "medical.handover": lambda screen, link: medical_handover(screen),
    "referral": lambda screen, link: medical_referral(screen),
    "report.phone": lambda screen, link: report_phone(screen),
    "report.written": lambda screen, link: report_written(screen),
    "report.weekly": lambda screen, link: report_weekly(screen),
    "notify": lambda screen, link: report_notified(screen, link.value),
    "level.confirmed": lambda screen, link: level(screen),
}
"""The entry that records a step whose event does it (see `oncall.case.links`), by kind."""


def copy(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    choices = [
        ("parent", t("copy.parent", lang)),
        ("ipass", t("copy.ipass", lang)),
        ("sitrep", t("copy.sitrep", lang)),
    ]

    def chosen(kind: str) -> None:
        def with_name(values: dict[str, Any] | None) -> None:
            if values is not None:
                clipboard.copy_text(screen, kind, bool(values["include_name"]))

        from oncall.tui.dialogs import FormDialog

        screen.app.push_screen(
            FormDialog(
                dict(choices)[kind],
                [Field("include_name", t("copy.include_name", lang), kind="bool")],
                lang,
                screen.now(),
            ),
            with_name,
        )

    screen.app.push_screen(
        MenuDialog(t("copy.title", lang), choices), lambda c: chosen(c) if c else None
    )


def undo(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    target = session.last_undoable()
    if target is None:
        screen.notify(t("dlg.nothing_to_undo", lang), markup=False)
        return
    what = view.describe_event(target, screen.oc.playbook, lang)
    screen.ask(
        t("dlg.undo", lang),
        [Field("reason", t("dlg.reason", lang), required=True)],
        lambda v: session.correct(target.id, v["reason"], None),
        intro=f"{t('dlg.undo_what', lang)}: {what}",
    )


def change_actor(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)

    def changed(v: dict[str, Any]) -> Any:
        event = session.change_actor(v["name"])
        screen.oc.actor = session.actor
        return event

    screen.ask(t("dlg.actor", lang), [Field("name", t("dlg.name", lang), required=True)], changed)


def close_case(screen: CaseScreen) -> None:
    lang = screen.oc.lang
    session = _session(screen)
    screen.ask(
        t("dlg.close", lang),
        [Field("reason", t("dlg.reason", lang), required=True)],
        lambda v: session.close(v["reason"]),
    )
