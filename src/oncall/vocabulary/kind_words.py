"""Each event kind as words, for places that name a kind rather than describe one
event (a condition in `oncall rehearse`: "once danger has been declared")."""

from __future__ import annotations

from typing import Final

from oncall.vocabulary import kinds
from oncall.vocabulary.text import Text

KIND_WORDS: Final[dict[str, Text]] = {
    kinds.CASE_OPENED: Text("开案", "the case opened"),
    kinds.CASE_CLOSED: Text("结案", "the case closed"),
    kinds.CASE_FACT: Text("补充案件信息", "a case detail recorded"),
    kinds.ACTOR_CHANGED: Text("换人操作", "a change of operator"),
    kinds.NOTE: Text("备注", "a note"),
    kinds.CORRECTION: Text("更正", "a correction"),
    kinds.JOURNAL_REPAIRED: Text("日志修复", "a journal repair"),
    kinds.JOURNAL_REANCHORED: Text("重新锚定", "a re-anchoring"),
    kinds.STEP_ANSWERED: Text("回答一步", "a step answered"),
    kinds.STEP_DONE: Text("完成一步", "a step done"),
    kinds.STEP_SKIPPED: Text("跳过一步", "a step skipped"),
    kinds.DANGER_DECLARED: Text("宣布紧急危险", "immediate danger declared"),
    kinds.LEVEL_CONFIRMED: Text("确定风险级别", "the risk level confirmed"),
    kinds.CUSTODY_STARTED: Text("开始监护", "custody started"),
    kinds.CUSTODY_CHECKIN: Text("监护签到", "a custody check-in"),
    kinds.CUSTODY_HANDOVER: Text("监护交接", "a custody handover"),
    kinds.CUSTODY_CUSTODIAN_LEFT: Text("监护人员离开", "a custodian leaving"),
    kinds.CUSTODY_ENDED: Text("安全责任移交", "the safety responsibility handed over"),
    kinds.GUARDIAN_ADDED: Text("添加家长", "a guardian added"),
    kinds.CONTACT_ATTEMPT: Text("联系家长", "a call to a guardian"),
    kinds.FAMILY_DECISION: Text("家长的决定", "the family's decision"),
    kinds.FAMILY_ARRIVED: Text("家长到校", "the family arriving"),
    kinds.STAFF_ARRIVED: Text("工作人员到场", "a member of staff arriving"),
    kinds.NOTIFIED: Text("通知相关人员", "someone notified"),
    kinds.REPORT_PHONE: Text("电话报告", "a report by phone"),
    kinds.REPORT_WRITTEN: Text("书面报告", "the written report"),
    kinds.REPORT_WEEKLY: Text("周报", "a weekly report"),
    kinds.MEDICAL_CALLED: Text("拨打急救/报警电话", "an emergency call"),
    kinds.MEDICAL_ACCOMPANY: Text("陪同就医", "accompanying to hospital"),
    kinds.MEDICAL_ARRIVED: Text("到达医院", "arrival at hospital"),
    kinds.MEDICAL_HANDOVER: Text("移交医院", "the hospital handover"),
    kinds.REFERRAL: Text("转介", "a referral"),
    kinds.DRILL_STARTED: Text("演练开始", "the drill starting"),
    kinds.DRILL_INJECT: Text("演练情景", "a drill inject"),
    kinds.DRILL_RESPONSE: Text("对情景的应对", "a response to an inject"),
}
"""Every kind of `oncall.vocabulary.kinds` (a test checks none is missing)."""


def kind_words(kind: str, lang: str) -> str:
    text = KIND_WORDS.get(kind)
    return kind if text is None else (text.zh if lang == "zh" else text.en)
