"""The paper forms of a case, filled from its events, ready to print and sign.

- 书面报告 (written incident report, due within 24 hours, seed 004);
- 安全责任移交记录 (safety responsibility handover record), one per handover;
- 转介单 / 转介意见表 (referral form: student facts, problem, recommendation,
  institution; seed 002), with a tracking feedback table (跟踪反馈);
- 书面协议 / 委托书 (the family's written agreement or power of attorney), from the
  playbook's sample texts, when the family chose them;
- 复学 (return-to-school checklist, seeds 002 and 004), for levels I and II;
- every answered form step the playbook marks `prints = "step_form"` (the safety plan, the
  means-safety counselling record, ...), its fields as filled in, its guidance as the
  form's notes, and a signature line for each of its roles.

What the events do not say is left as a blank line to fill in by hand.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from oncall.case import StepState
from oncall.case import kinds as k
from oncall.case.custody import CustodyBuilder
from oncall.describe import Describer
from oncall.export.blocks import Block, Checklist, Fields, Form, Para, Signatures, Table
from oncall.export.debrief import Debrief
from oncall.export.words import Words
from oncall.journal.event import Event
from oncall.playbook import fill
from oncall.playbook.because import fill_because
from oncall.vocabulary.words import word

BLANK = "______"
MEASURES = frozenset(
    {
        k.DANGER_DECLARED,
        k.REPORT_PHONE,
        k.NOTIFIED,
        k.CUSTODY_STARTED,
        k.CUSTODY_HANDOVER,
        k.CUSTODY_ENDED,
        k.CONTACT_ATTEMPT,
        k.FAMILY_DECISION,
        k.FAMILY_ARRIVED,
        k.MEDICAL_CALLED,
        k.MEDICAL_ACCOMPANY,
        k.MEDICAL_ARRIVED,
        k.MEDICAL_HANDOVER,
        k.REFERRAL,
        k.LEVEL_CONFIRMED,
    }
)


def forms(d: Debrief, w: Words) -> list[Block]:
    found: list[Block] = [written_report(d, w)]
    found.extend(handover_records(d, w))
    referral = referral_form(d, w)
    if referral is not None:
        found.append(referral)
    found.extend(family_documents(d, w))
    back = return_checklist(d, w)
    if back is not None:
        found.append(back)
    found.extend(printed_forms(d, w))
    return found


def _student(d: Debrief, w: Words) -> list[tuple[str, str]]:
    facts = d.facts
    return [
        (w.t("学生姓名", "Student"), str(facts.get("student_name") or "")),
        (w.t("班级", "Class"), str(facts.get("student_class") or "")),
        (w.t("年龄", "Age"), str(facts.get("student_age") or "")),
    ]


def _level(d: Debrief, w: Words) -> str:
    level = d.state.level
    title = d.playbook.level_titles.get(level or "")
    return w.text(title) if title else (level or "")


def _level_decision(d: Debrief, w: Words, basis: list[str]) -> list[tuple[str, str]]:
    """The confirmed level, the suggestion it answered and what drove the suggestion,
    and the reason when the confirmed level differs from it."""
    if not d.state.levels:
        return [(w.t("风险级别（确认）", "Risk level (confirmed)"), "")]
    last = d.state.levels[-1]
    title = d.playbook.level_titles.get(last.suggested or "")
    suggested = w.text(title) if title else (last.suggested or "—")
    if last.override:
        decision = w.t(
            f"改定建议，理由：{last.reason or '—'}",
            f"the suggestion overridden, because: {last.reason or '—'}",
        )
    elif last.suggested:
        decision = w.t("按建议确认", "confirmed as suggested")
    else:
        decision = w.t("即时危险，直接定为 I 级", "immediate danger: level I at once")
    return [
        (w.t("风险级别（确认）", "Risk level (confirmed)"), _level(d, w)),
        (w.t("建议级别", "Suggested level"), suggested),
        (w.t("建议的依据", "What the suggestion rests on"), w.join(basis)),
        (w.t("如何确定", "How it was decided"), decision),
    ]


def _first(d: Debrief, kind: str) -> Event | None:
    return next((e for e in d.state.events if e.kind == kind), None)


def _signatures(w: Words, *labels: str) -> Signatures:
    return Signatures(tuple(labels), w.t("日期", "Date"))


def written_report(d: Debrief, w: Words) -> Form:
    state = d.state
    facts = d.facts
    describe = Describer(d.playbook, d.lang)
    by_id = d.by_id
    written = _first(d, k.REPORT_WRITTEN)
    due = next((i.due for i in d.intervals if i.id == "report_written"), None)
    basis = []
    if state.levels:
        last = state.levels[-1]
        rules = {rule.id: rule for rule in d.playbook.rules}
        recorded = {
            sid: step.value for sid, step in state.steps.items() if step.status != "skipped"
        }
        basis = [
            w.text(fill_because(rules[r].because, d.playbook, recorded.get))
            for r in last.drivers
            if r in rules
        ]
        if last.source == "danger":
            basis.append(w.t("即时危险", "immediate danger"))
    recording = {step.id for step in d.playbook.steps() if step.records is not None}
    measures = [
        f"{w.clock(e.at_time, state.opened_at)}  {describe(e, by_id)}"
        for e in state.events
        if e.kind in MEASURES
        or (e.kind == k.STEP_DONE and e.data.get("step") in recording)  # before v1.1
    ]
    custody = state.custody
    if custody.active:
        now_status = w.t(
            f"监护中：{custody.place}，监护人员 {w.join(custody.custodians) or '（无）'}",
            f"In custody: {custody.place}, custodians {w.join(custody.custodians) or '(none)'}",
        )
    elif custody.ended is not None:
        end = custody.ended
        now_status = w.t(
            f"已于 {w.when(end.at)} 将安全责任移交给{word(end.to, 'zh')} {end.received_by}"
            f"（{end.place}）",
            f"Safety responsibility handed to the {word(end.to, 'en')}, {end.received_by}, "
            f"at {w.when(end.at)} ({end.place})",
        )
    else:
        now_status = ""
    rows = [
        (w.t("学校", "School"), d.school),
        (w.t("报送", "To"), str(written.data.get("to") or "") if written else ""),
        (w.t("案件编号", "Case number"), d.number or d.case_id),
        *_student(d, w),
        (w.t("发现时间", "Discovered"), w.when(state.opened_at)),
        (w.t("地点", "Place"), str(facts.get("place") or "")),
        (w.t("报告人", "Reported by"), str(facts.get("reporter") or "")),
        (w.t("值班教师", "On duty"), d.on_duty),
        (w.t("经过（看到的事实）", "What happened (facts seen)"), str(facts.get("seen") or "")),
        *_level_decision(d, w, basis),
        (w.t("评估人", "Assessed by"), w.join(state.levels[-1].assessors) if state.levels else ""),
        (w.t("目前状况", "Current state"), now_status),
        (w.t("后续安排", "Follow-up"), ""),
        (w.t("提交时间", "Submitted"), w.when(written.at_time) if written else ""),
        (w.t("截止时间（24 小时）", "Due (24 hours)"), w.when(due) if due else ""),
    ]
    blocks: list[Block] = [
        Fields(tuple(rows)),
        Para(w.t("已采取的措施：", "Measures taken:")),
        Para("\n".join(measures) if measures else BLANK, "pre"),
        Para(w.t("只写事实，不写诊断。", "Facts only, no diagnosis."), "muted"),
        _signatures(w, w.t("报告人", "Reported by"), w.t("主管领导", "Leader in charge")),
    ]
    return Form(w.t("学生心理危机事件书面报告", "Written incident report"), tuple(blocks))


def handover_records(d: Debrief, w: Words) -> list[Form]:
    """One record per handover of safety responsibility (a blank one when none yet and
    custody was started)."""
    state = d.state
    custody = CustodyBuilder()
    found: list[Form] = []
    title = w.t("安全责任移交记录", "Safety responsibility handover record")
    started_at = None
    for event in state.events:
        data: dict[str, Any] = event.data
        at = event.at_time
        if event.kind == k.CUSTODY_STARTED:
            if not custody.active:
                started_at = at
            custody.started(at, data)
        elif event.kind == k.CUSTODY_HANDOVER:
            custody.handover(at, event.actor, data)
        elif event.kind == k.CUSTODY_CUSTODIAN_LEFT:
            custody.left(at, data)
        elif event.kind == k.CUSTODY_CHECKIN:
            custody.checkin(at, data)
        elif event.kind == k.CUSTODY_ENDED:
            giver = w.join(custody.custodians) or event.actor
            to = str(data.get("to") or "")
            rows = [
                *_student(d, w),
                (w.t("风险级别", "Risk level"), _level(d, w)),
                (w.t("学校监护开始", "School custody from"), w.when(started_at)),
                (w.t("移交时间", "Handed over at"), w.when(at)),
                (w.t("移交地点", "Place"), str(data.get("place") or "")),
                (w.t("移交方（学校）", "From (school)"), giver),
                (
                    w.t("接收方", "To"),
                    word(to, d.lang),
                ),
                (w.t("接收人", "Received by"), str(data.get("received_by") or "")),
                (w.t("交代的情况与注意事项", "What was told and what to watch"), ""),
            ]
            found.append(
                Form(
                    title,
                    (
                        Fields(tuple(rows)),
                        _signatures(
                            w,
                            w.t("移交人（学校）", "Handed over by (school)"),
                            w.t("接收人", "Received by"),
                            w.t("见证人", "Witness"),
                        ),
                    ),
                )
            )
            custody.end(at, data)
    if not found and custody.started_at is not None:
        rows = [
            *_student(d, w),
            (w.t("风险级别", "Risk level"), _level(d, w)),
            (w.t("学校监护开始", "School custody from"), w.when(custody.started_at)),
            (w.t("移交时间", "Handed over at"), ""),
            (w.t("移交地点", "Place"), ""),
            (w.t("移交方（学校）", "From (school)"), w.join(custody.custodians)),
            (w.t("接收人", "Received by"), ""),
        ]
        found.append(
            Form(
                title,
                (
                    Para(
                        w.t(
                            "本案尚未记录安全责任移交。",
                            "No handover of safety responsibility is recorded yet.",
                        ),
                        "alert",
                    ),
                    Fields(tuple(rows)),
                    _signatures(
                        w,
                        w.t("移交人（学校）", "Handed over by (school)"),
                        w.t("接收人", "Received by"),
                        w.t("见证人", "Witness"),
                    ),
                ),
            )
        )
    return found


def _printing(d: Debrief, form: str) -> tuple[str | None, StepState | None]:
    """The step the playbook says fills `form` (`prints = "…"`) and its state."""
    steps = d.playbook.steps_printing(form)
    if not steps:
        return None, None
    return steps[0].id, d.state.steps.get(steps[0].id)


def referral_form(d: Debrief, w: Words) -> Form | None:
    _step_id, step = _printing(d, "referral")
    event = _first(d, k.REFERRAL)
    answered = step is not None and isinstance(step.value, dict)
    if event is None and not answered and not (step is not None and step.applicable):
        return None
    form: dict[str, Any] = dict(step.value) if step is not None and answered else {}
    data = event.data if event is not None else {}
    consent = form.get("consent")
    if consent is None and "consent" in data:
        consent = "yes" if data.get("consent") else "no"
    rows = [
        *_student(d, w),
        (w.t("风险级别", "Risk level"), _level(d, w)),
        (
            w.t("问题描述（看到的事实）", "Problem (what was observed)"),
            str(form.get("problem") or d.facts.get("seen") or ""),
        ),
        (
            w.t("转介建议", "Recommendation"),
            str(form.get("recommendation") or data.get("recommendation") or ""),
        ),
        (
            w.t("转介机构", "Institution"),
            str(form.get("institution") or data.get("institution") or ""),
        ),
        (
            w.t("家长是否同意", "Guardian's consent"),
            {"yes": w.t("同意", "given"), "no": w.t("不同意", "refused")}.get(str(consent), ""),
        ),
        (
            w.t("填写人", "Completed by"),
            str(form.get("referred_by") or (event.actor if event else "")),
        ),
        (
            w.t("转介时间", "Referred at"),
            str(form.get("referred_at") or (w.when(event.at_time) if event else "")),
        ),
    ]
    feedback = Table(
        (w.t("日期", "Date"), w.t("了解到的情况", "What we learned"), w.t("了解人", "By")),
        (("", "", ""),) * 3,
        (16, 64, 20),
    )
    return Form(
        w.t("学生心理问题转介单（转介意见表）", "Referral form"),
        (
            Fields(tuple(rows)),
            Para(
                w.t("写事实和建议，不写诊断。", "Facts and a recommendation, not a diagnosis."),
                "muted",
            ),
            _signatures(
                w,
                w.t("填写人", "Completed by"),
                w.t("家长", "Guardian"),
                w.t("学校审批", "Approved for the school"),
            ),
            Para(w.t("跟踪反馈", "Tracking feedback")),
            feedback,
        ),
    )


def family_documents(d: Debrief, w: Words) -> list[Form]:
    """The written agreement and/or power of attorney, when the family chose them."""
    state = d.state
    decisions = {decision.decision for decision in state.contacts.decisions}
    _step_id, documents = _printing(d, "family_documents")
    ticked = documents.value if documents is not None and isinstance(documents.value, list) else []
    attorney_trip = state.medical.attorney
    wanted = []
    if "agreement" in decisions or "agreement" in ticked:
        wanted.append(("agreement", w.t("书面协议", "Written agreement")))
    if "attorney" in decisions or "attorney" in ticked or attorney_trip:
        wanted.append(("attorney", w.t("委托书", "Power of attorney")))
    guardian = next((dec.by for dec in reversed(state.contacts.decisions) if dec.by), "")
    guardian = guardian or (state.contacts.guardians[0].name if state.contacts.guardians else "")
    hospital = state.medical.hospital
    values = {
        "student_name": str(d.facts.get("student_name") or "") or BLANK,
        "student_class": str(d.facts.get("student_class") or "") or BLANK,
        "guardian_name": guardian or BLANK,
        "school": d.school or BLANK,
        "hospital": hospital or BLANK,
    }
    found = []
    for decision, title in wanted:
        script = d.playbook.script_printing(decision)
        decided = next((dec for dec in state.contacts.decisions if dec.decision == decision), None)
        lines: list[Block] = []
        if decided is not None:
            lines.append(
                Para(
                    w.t(f"家长决定时间：{w.when(decided.at)}", f"Decided: {w.when(decided.at)}"),
                    "muted",
                )
            )
        if script is not None:
            text = fill(script.text.get(d.lang), values).strip()
            lines.extend(Para(line) for line in text.splitlines() if line.strip())
        else:
            lines.append(Para(BLANK))
            lines.append(_signatures(w, w.t("家长", "Guardian"), w.t("学校代表", "For the school")))
        found.append(Form(title, tuple(lines)))
    return found


def return_checklist(d: Debrief, w: Words) -> Form | None:
    step_id, step = _printing(d, "return_checklist")
    if step_id is None or step is None:
        return None
    if not (step.applicable or step.status in ("answered", "done")):
        return None
    definition = d.playbook.step(step_id)
    ticked = step.value if isinstance(step.value, list) else []
    items = tuple((option.id in ticked, w.text(option.label)) for option in definition.options)
    return Form(
        w.t("复学材料确认单", "Return-to-school checklist"),
        (
            Fields(
                (
                    *_student(d, w)[:2],
                    (w.t("申请复学日期", "Return requested on"), ""),
                    (w.t("确认日期", "Checked on"), w.when(step.at) if step.at and ticked else ""),
                )
            ),
            Checklist(items),
            Para(
                w.t(
                    "缺任何一项：暂缓复学，报告主管领导。",
                    "Anything missing: hold the return and tell the leader.",
                ),
                "muted",
            ),
            _signatures(
                w,
                w.t("心理老师", "Counselor"),
                w.t("班主任", "Class teacher"),
                w.t("家长", "Guardian"),
                w.t("主管领导", "Leader in charge"),
            ),
        ),
    )


def printed_forms(d: Debrief, w: Words) -> list[Form]:
    """The form steps with `prints = "step_form"` that were answered, in playbook order:
    one generic layout (the fields as filled in, the guidance as notes, a signature line
    per role), so a new form in the playbook needs no code."""
    found: list[Form] = []
    roles = {role.id: role.title for role in d.playbook.roles}
    for step in d.playbook.steps_printing("step_form"):
        state = d.state.steps.get(step.id)
        if step.kind != "form" or state is None or state.status != "answered":
            continue
        values = state.value if isinstance(state.value, dict) else {}
        rows = [*_student(d, w)[:2]]
        for form_field in step.fields:
            value = values.get(form_field.id)
            if form_field.type == "choice":
                label = next((o.label for o in form_field.options if o.id == value), None)
                shown = w.text(label) if label is not None else str(value or "")
            elif form_field.type in ("time", "appointment") and isinstance(value, str) and value:
                shown = _moment(value, w)
            else:
                shown = str(value) if value not in (None, "") else ""
            rows.append((w.text(form_field.label), shown))
        rows.append((w.t("记录时间", "Recorded"), w.when(state.at) if state.at else ""))
        notes = step.guidance.zh if d.lang == "zh" else step.guidance.en
        blocks: list[Block] = [Fields(tuple(rows))]
        blocks.extend(Para(line, "muted") for line in notes)
        blocks.append(_signatures(w, *(w.text(roles[r]) for r in step.roles if r in roles)))
        found.append(Form(w.text(step.title).rstrip("。."), tuple(blocks)))
    return found


def _moment(value: str, w: Words) -> str:
    """A recorded time as the case's local time; as written if it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return w.when(moment) if moment.tzinfo is not None else value
