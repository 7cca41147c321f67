"""Interface strings in Simplified Chinese (default) and English.

Playbook text comes from the playbook file; these are the app's own words. Keep one
word for one thing (监护 = custody, 移交 = handover) and no exclamation marks.
"""

from __future__ import annotations

from oncall.tui.drill_strings import DRILL_STRINGS
from oncall.vocabulary.text import Lang as Lang

STRINGS: dict[str, tuple[str, str]] = {
    # --- app and unlock ---
    "app.title": ("学生心理危机值班助手", "oncall: student crisis guide"),
    "unlock.title": ("解锁记录库", "Unlock the store"),
    "unlock.create_title": ("新建加密记录库", "Create the encrypted store"),
    "unlock.create_intro": (
        "这里还没有记录库。设置一个口令，所有记录都用它加密保存。",
        "There is no store here yet. Choose a passphrase: every record is encrypted with it.",
    ),
    "unlock.name": ("你的姓名（记录中的操作人）", "Your name (recorded as the actor)"),
    "unlock.name_optional": (
        "你的姓名（留空：沿用上次的操作人，之后按 w 可更换）",
        "Your name (blank: the last operator; w changes it later)",
    ),
    "unlock.operator": ("操作人：{name}（按 w 更换）", "At the keyboard: {name} (w changes it)"),
    "palette.search": ("搜索命令…", "Search for commands…"),
    "unlock.passphrase": ("口令", "Passphrase"),
    "unlock.keys": (
        "回车或 Tab：下一项；最后一项按回车完成 · Ctrl+Q 退出",
        "Enter or Tab: next field; Enter on the last one finishes · Ctrl+Q quits",
    ),
    "unlock.passphrase_again": ("再次输入口令", "Passphrase again"),
    "unlock.working": ("正在解锁…", "Unlocking…"),
    "unlock.creating": ("正在创建…", "Creating…"),
    "unlock.need_name": ("请填写你的姓名。", "Enter your name."),
    "unlock.need_passphrase": ("请输入口令。", "Enter the passphrase."),
    "unlock.mismatch": ("两次输入的口令不一致。", "The two passphrases differ."),
    "unlock.read_only": ("只读模式：可以查看，不能记录。", "Read-only: you can watch, not record."),
    "seat.on_case": ("同在本案：{names}", "also on this case: {names}"),
    "seat.on_store": ("在线：{names}", "also here: {names}"),
    "seat.gone": (
        "与服务断开，正在重连：此时记不上，恢复后再记",
        "server gone, reconnecting: nothing is recorded until it is back",
    ),
    "seat.lost": (
        "与服务（oncall serve）的连接断了，正在自动重连。断开期间的记录不会保存，会提示你重记。",
        "Lost the server (oncall serve); reconnecting by itself. Nothing can be recorded "
        "until it is back: you will be told to record it again.",
    ),
    "seat.back": (
        "已重新连上服务，屏幕已更新。",
        "Back with the server; the screen is up to date.",
    ),
    "unlock.seat": (
        "这个记录库由 oncall serve 服务：你将作为一个席位接入，和其他老师一起记录同一案件。"
        "在案件里按 g 可直接跳到你负责的阶段。",
        "oncall serve holds this store: you join as a seat and record with the others. "
        "In a case, g goes straight to the phase you are doing.",
    ),
    "recovery.title": ("恢复密钥（只显示这一次）", "Recovery key (shown only this once)"),
    "recovery.body": (
        "请把下面的恢复密钥抄写下来，交给学校领导保管。忘记口令时，用它可以打开记录库。",
        "Write this recovery key down and give it to the school leader. "
        "It opens the store if the passphrase is lost.",
    ),
    "recovery.confirm": (
        "已抄写好后，输入“已记下”（或 done）并回车",
        'When written down, type "done" and press Enter',
    ),
    "recovery.word": ("已记下", "done"),
    # --- board ---
    "board.title": ("案件总览", "Cases"),
    "board.open": ("进行中", "Open"),
    "board.closed": ("已结案", "Closed"),
    "board.empty": (
        "还没有案件。按 n 新建案件；学生有即时危险，按 ! 。",
        "No cases yet. Press n for a new case; immediate danger: press !.",
    ),
    "col.case": ("案件", "Case"),
    "col.level": ("级别", "Level"),
    "col.elapsed": ("已用时", "Elapsed"),
    "col.custody": ("监护人", "Custody"),
    "col.due": ("最紧急事项", "Most urgent"),
    "drill": ("演练", "DRILL"),
    "level.none": ("未定级", "not set"),
    "none": ("无", "none"),
    # --- keys (footer and palette) ---
    "key.new": ("新建案件", "New case"),
    "key.new_drill": ("新建演练", "New drill"),
    "key.open": ("打开", "Open"),
    "key.danger": ("即时危险", "Danger"),
    "key.help": ("帮助", "Help"),
    "key.palette": ("命令", "palette"),
    "key.quit": ("退出", "Quit"),
    "key.back": ("返回", "Back"),
    "key.note": ("记录", "Note"),
    "key.done": ("完成", "Done"),
    "key.earlier": ("补记时间", "Earlier time"),
    "key.skip": ("跳过", "Skip"),
    "key.undo": ("撤销", "Undo"),
    "key.level": ("级别", "Level"),
    "key.custody": ("监护", "Custody"),
    "key.contact": ("家长", "Parents"),
    "key.medical": ("送医", "Medical"),
    "key.report": ("报告", "Report"),
    "key.copy": ("复制话术", "Copy"),
    "key.timeline": ("时间线", "Timeline"),
    "key.actor": ("换人", "Who"),
    "key.close": ("结案", "Close case"),
    "key.go_to": ("跳到阶段", "Go to phase"),
    "case.go_to_title": (
        "跳到哪个阶段？（数字键或上下键加回车）",
        "Go to which phase? (a digit, or arrows and Enter)",
    ),
    "key.prev_step": ("上一步", "Prev step"),
    "key.next_step": ("下一步", "Next step"),
    "key.page_down": ("向下翻", "Page down"),
    "key.page_up": ("向上翻", "Page up"),
    "key.submit": ("提交", "Submit"),
    "key.cancel": ("取消", "Cancel"),
    # --- new case ---
    "new.title": ("新建案件", "New case"),
    "new.drill_title": ("新建演练案件", "New drill case"),
    "new.age_invalid": ("年龄请填数字。", "Age must be a number."),
    # --- case screen ---
    "case.next": ("下一步", "Next"),
    "case.phase_moot": ("不适用", "n/a"),
    "case.all_done": (
        "流程各步都已处理。确认监护已移交后，按 x 结案。",
        "Every step is handled. Once custody is handed over, press x to close.",
    ),
    "case.closed": ("本案已结案。", "This case is closed."),
    "case.opened_for": ("已开", "Open"),
    "case.custody": ("监护", "Custody"),
    "case.no_custody": ("无人监护", "no custodian"),
    "case.checkin_ago": ("签到", "checked"),
    "case.minutes_ago": ("{n}分钟前", "{n} min ago"),
    "case.and_more": ("等{n}人", " +{more}"),
    "case.handed_over": ("已移交", "handed over"),
    "case.clock24": ("24小时", "24 h"),
    "case.elapsed": ("已过", "elapsed"),
    "case.remaining": ("剩余", "left"),
    "case.deadline": ("期限", "Due"),
    "case.overdue": ("已超时", "overdue"),
    "case.warning": ("警告", "WARNING"),
    "case.warning_key": (" · 按 {key}（{action}）", " · press {key} ({action})"),
    "case.options_hint": ("按数字键选择", "Press a number to choose"),
    "case.check_hint": (
        "按数字键勾选，回车提交（一项没勾：回车后选“都没有”或“不清楚”）",
        "Press numbers to tick, Enter to submit "
        "(nothing ticked: Enter, then “none” or “not known”)",
    ),
    "case.check_nothing_ticked": ("（一项都没勾）", "(nothing ticked)"),
    "case.check_none": ("都没有（确认一项都不符合）", "None (checked: none of these applies)"),
    "case.check_unknown": ("不清楚（记为未回答）", "Not known (recorded as not answered)"),
    "case.check_unknown_reason": ("不清楚", "not known"),
    "case.entry_hint": (
        "按空格打开记录表，填好后 Ctrl+S；事后补记也一样（可填时间）",
        "Press Space to open its record, Ctrl+S to save; an earlier time goes in its time field",
    ),
    "case.action_hint": (
        "做完后按空格记为完成；事后补记按 e",
        "Press Space when done; e to record an earlier time",
    ),
    "case.form_hint": ("填写后按 Ctrl+S 提交", "Fill in, then Ctrl+S to submit"),
    "case.status.done": ("完成", "done"),
    "case.status.answered": ("已答", "answered"),
    "case.status.skipped": ("跳过", "skipped"),
    "case.status.pending": ("待办", "to do"),
    "case.status.not_applicable": ("不适用", "n/a"),
    "case.read_only": ("只读：不能记录", "Read-only: cannot record"),
    "case.example_directory": (
        "⚠ 通讯录是示例：地址等留空，请说出真实的",
        "⚠ The directory is an example: address etc. left blank; say the real ones",
    ),
    "case.back_hint": ("Esc：回到 ▶ 当前步骤", "Esc: back to the ▶ step"),
    "case.more_below": ("↓ 下面还有内容：按 PgDn 翻看", "↓ More below: press PgDn"),
    "case.suggested": ("建议级别", "Suggested level"),
    "case.skipped_because": ("跳过原因", "Skipped because"),
    # --- dialogs ---
    "key.facts": ("基本情况", "Facts"),
    "dlg.when": ("发生时间（HH:MM，留空为现在）", "When (HH:MM, blank = now)"),
    "dlg.custody_since": (
        "开始时间：已填发现学生的 {opened}（一直有人陪着）；不对就改，留空为现在 {now}",
        "Started: filled with {opened}, when the student was found (never left alone since); "
        "change it if not, blank = now ({now})",
    ),
    "dlg.bad_time": (
        "时间格式应为 HH:MM，或 MM-DD HH:MM（带日期）。",
        "Time must be HH:MM, or MM-DD HH:MM with a date.",
    ),
    "dlg.time_blank": ("留空为现在；可写 MM-DD HH:MM", "blank = now; MM-DD HH:MM for a date"),
    "dlg.skip": ("跳过这一步", "Skip this step"),
    "dlg.undo": ("撤销上一条记录", "Undo the last record"),
    "dlg.undo_what": ("将撤销", "Will withdraw"),
    "dlg.nothing_to_undo": ("没有可撤销的记录。", "Nothing to undo."),
    "dlg.required": ("此项必填", "Required"),
    "dlg.prefilled": ("（已填）", " (prefilled)"),
    "dlg.pick": ("按数字键选择", "press a digit to choose"),
    "dlg.time_future": (
        "{time} 还没到：只能记录已经发生的事。",
        "{time} has not come yet: only what has happened can be recorded.",
    ),
    "dlg.time_before_open": (
        "{time} 早于本案开启（{opened}）：请写本案开启之后的时间，或带日期写（MM-DD HH:MM）。",
        "{time} is before the case opened ({opened}): give a later time, or a date (MM-DD HH:MM).",
    ),
    "menu.custody": ("监护", "Custody"),
    "dlg.next_contact": (
        "下一位联系人（可不填，如父亲）：",
        "Next contact (optional, e.g. the father): ",
    ),
    "dlg.next": ("下一位：", "Next: "),
    "menu.contact": ("家长联系", "Parent contact"),
    "menu.medical": ("送医", "Medical transfer"),
    "menu.report": ("报告", "Report"),
    "dlg.actor": ("现在操作的人", "Who is at the keyboard now"),
    "dlg.close": ("结案", "Close the case"),
    # --- clipboard ---
    "copy.title": ("复制", "Copy"),
    "copy.parent": ("给家长打电话的话术", "Wording for the parent call"),
    "copy.ipass": ("交接班摘要（I-PASS）", "Shift handover summary (I-PASS)"),
    "copy.sitrep": ("给领导的情况简报", "Situation report for the leader"),
    "copy.include_name": ("包含学生姓名", "Include the student's name"),
    "copy.done_system": ("已复制到系统剪贴板。", "Copied to the system clipboard."),
    "copy.done_osc52": (
        "没有系统剪贴板（未装 xclip/xsel/wl-clipboard，或在 SSH 中）：已用终端复制（OSC 52），"
        "文本也显示在下面，可以手动选择。",
        "No system clipboard (no xclip/xsel/wl-clipboard, or over SSH): sent to the terminal "
        "(OSC 52); the text is also shown below to select by hand.",
    ),
    # --- export and intervals ---
    "key.export": ("导出", "Export"),
    "key.intervals": ("关键时间", "Intervals"),
    "export.title": ("导出案件记录", "Export the case record"),
    "export.redact": (
        "去标识化（人名、班级、地点、电话、证件号换成代号）",
        "Redact (names, class, places, phone and ID numbers → pseudonyms)",
    ),
    "export.redact_also": (
        "另外隐去的词（如只写在记录里的姓名；用、或逗号分隔）",
        "Also replace (e.g. a name typed only in a note; separate with commas)",
    ),
    "redact.title": ("去标识化：将被替换的内容", "Redaction: what will be replaced"),
    "redact.intro": (
        "导出前请核对：下列人名、地点和号码在导出文件中换成右边的代号；教职工姓名保留。",
        "Check before writing: these names, places and numbers become the pseudonyms on "
        "the right in the export; staff names stay.",
    ),
    "redact.write": ("写出导出文件", "Write the export"),
    "redact.no_student": (
        "注意：本案没有记录学生姓名，只写在记录文字里的姓名不会被识别；"
        "请按 Esc 返回，在“另外隐去的词”中填写。",
        "Note: the case records no student name, so a name typed only in free text is not "
        "known; press Esc and give it under “Also replace”.",
    ),
    "redact.nothing": ("没有找到需要替换的内容。", "Nothing to replace was found."),
    "redact.student": ("学生", "Student"),
    "redact.class": ("班级", "Class"),
    "redact.family": ("家人", "Family"),
    "redact.person": ("其他相关人", "Other people"),
    "redact.place": ("地点", "Place"),
    "redact.phone": ("电话", "Phone"),
    "redact.id": ("证件号", "ID number"),
    "redact.email": ("邮箱", "E-mail"),
    "redact.term": ("另外隐去", "Extra term"),
    "export.path": ("保存到", "Save to"),
    "export.warning": (
        "导出文件是明文，含学生信息（除非去标识化）：只交给需要知道的人。",
        "The export is plain text with student details (unless redacted): "
        "share it only with those who need to know.",
    ),
    "export.done": ("已导出：{path}", "Exported: {path}"),
    "iv.title": ("关键时间", "Key intervals"),
    "iv.minutes": ("分钟", "min"),
    "iv.gap": ("无人监护", "no custodian"),
    "iv.met": ("达标", "met"),
    "iv.missed": ("超时", "missed"),
    "iv.done": ("无目标时限", "no target"),
    "iv.pending": ("进行中", "pending"),
    "iv.na": ("不适用", "n/a"),
    # --- timers ---
    "timer.due": ("到时间了", "Due now"),
    # --- timeline ---
    "timeline.title": ("时间线", "Timeline"),
    "col.recorded": ("记录时间", "Recorded"),
    "timeline.withdrawn": ("（已撤销）", "(withdrawn)"),
    "timeline.when": ("时间", "When"),
    "timeline.who": ("记录人", "By"),
    "timeline.what": ("事项", "What"),
    # --- help ---
    "help.title": ("帮助", "Help"),
    "help.intro": (
        "每一步都会先写入加密记录，再显示在屏幕上。没有删除：撤销和更正都是新的记录。",
        "Every step is written to the encrypted journal before the screen shows it. "
        "Nothing is deleted: undo and corrections are new records.",
    ),
    "help.palette": (
        "Ctrl+P 打开命令面板，所有操作都在里面。",
        "Ctrl+P opens the command palette: every action is there.",
    ),
    "help.keys": ("本屏按键", "Keys on this screen"),
    # --- errors ---
    "err.wrong_passphrase": ("口令不对，请重试。", "Wrong passphrase. Try again."),
    "err.damaged_case": (
        "此案件记录已损坏，不能再写入",
        "This case is damaged; writing is refused",
    ),
}
STRINGS.update({key: value for key, value in DRILL_STRINGS.items() if key not in STRINGS})


def t(key: str, lang: str) -> str:
    zh, en = STRINGS[key]
    return zh if lang == "zh" else en
