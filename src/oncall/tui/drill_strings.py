"""The drill mode's interface strings (zh, en); `oncall.tui.i18n.STRINGS` includes them."""

from __future__ import annotations

DRILL_STRINGS: dict[str, tuple[str, str]] = {
    "drill.banner": ("演练", "DRILL"),
    "drill.real_open": ("真实案件 {case} 仍在进行", "Real case {case} still running"),
    "drill.confirm_title": (
        "有真实案件正在进行：{cases}。真实案件会继续运行，它的警示在演练中一直显示。开始演练？",
        "A real case is open: {cases}. It keeps running and its warnings stay on screen "
        "during the drill. Start the drill?",
    ),
    "drill.confirm_start": ("开始演练", "Start the drill"),
    "drill.confirm_cancel": ("不开始", "Do not start"),
    "drill.players_title": ("演练：{title} — 谁扮演哪个角色", "Drill: {title} — who plays whom"),
    "drill.players_intro": (
        "你在键盘前（值班教师）。填写其他角色的扮演者（可留空）。",
        "You are at the keyboard (on-duty teacher). Name who plays each other role "
        "(may be left empty).",
    ),
    "drill.plays": ("扮演 {role}（{name}）", "Plays the {role} ({name})"),
    "drill.brief_title": ("演练开始：情况介绍", "Drill starts: the situation"),
    "drill.inject_title": ("演练情景 {when}", "Drill inject {when}"),
    "drill.respond_within": (
        "（{minutes} 分钟内应对，按 R 记录你做了什么）",
        "(respond within {minutes} min; press R to record what you did)",
    ),
    "drill.latest": ("情景", "Inject"),
    "drill.window_closed": (
        "（应对时限已在 {when} 结束，记为未处理）",
        "(its time to respond ended at {when}: counted as missed)",
    ),
    "drill.late_mark": ("【已过时限，记为迟】", "[past its time: scored late] "),
    "key.leave_drill": ("离开演练", "Leave drill"),
    "drill.calls": ("下次拨打", "Next call"),
    "drill.next_call": ("{who} {phone} 第{n}次→{outcome}", "{who} {phone} #{n}→{outcome}"),
    "drill.respond_title": ("记录对情景的应对", "Record the response to an inject"),
    "drill.respond_which": ("哪个情景", "Which inject"),
    "drill.respond_text": ("你做了什么 / 说了什么", "What you did or said"),
    "drill.nothing_to_answer": ("没有等待应对的情景。", "No inject is waiting for a response."),
    "drill.nothing_to_answer_typed": (
        "按 R 之后输入的字已忽略，没有当作按键执行。按 Esc 返回。",
        "What you typed after R was ignored; none of it ran as a key. Esc to go back.",
    ),
    "drill.not_in_drill": ("这里不是演练。", "This is not a drill."),
    "drill.report_title": ("演练报告", "Drill report"),
    "drill.wrong_playbook": (
        "这个场景用的预案和当前预案不同：用 oncall drill {id} 启动。",
        "This scenario uses another playbook than the one loaded: start it with oncall drill {id}.",
    ),
    "drill.scenarios_title": ("演练场景与历次演练", "Drill scenarios and runs"),
    "drill.no_scenarios": ("playbooks/drills/ 里没有场景。", "No scenarios in playbooks/drills/."),
    "drill.board_count": ("另有 {n} 个演练案件：按 s 查看", "{n} drill cases kept apart: press s"),
    "drill.board_title": ("演练案件", "Drill cases"),
    "col.scenario": ("场景", "Scenario"),
    "col.runs": ("次数", "Runs"),
    "col.state": ("状态", "State"),
    "col.last_run": ("上次", "Last run"),
    "key.respond": ("应对情景", "Respond to inject"),
    "key.drill_report": ("演练报告", "Drill report"),
    "key.scenarios": ("演练场景", "Drill scenarios"),
    "key.start_drill": ("开始演练", "Start drill"),
    "key.history": ("历史报告", "History report"),
}
