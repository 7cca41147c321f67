"""What a new passphrase must be: long enough, and not easy to guess.

Length counts characters, not bytes, so a Chinese phrase of 8 characters is as long
as an English one of 8 letters. Strength is zxcvbn's estimate (score 0–4: how many
guesses a cracker would need, knowing common passwords, words, names, dates, keyboard
patterns and repeats); 3 ("safely unguessable") is required. The recovery key is
random and not subject to these rules.
"""

from __future__ import annotations

from oncall.journal.errors import WeakPassphrase

MIN_CHARACTERS = 8
MIN_SCORE = 3
MIN_CJK_REMAINDER = 5
"""Chinese characters a passphrase needs beside the well-known or local words in it."""
_ZXCVBN_MAX_INPUT = 100
"""zxcvbn's cost grows with length; beyond this many characters only the length counts."""

_ACCEPTED_EN = (
    "A passphrase is accepted with at least {n} characters (a Chinese character counts "
    "as one) that are hard to guess: several unrelated words, or a sentence only you "
    "would write, e.g. 四个互不相关的词 or 'violet kettle under thursday rain'."
)
_ACCEPTED_ZH = (
    "可接受的口令：至少 {n} 个字符（一个汉字算一个字符），且不容易被猜到——"
    "几个互不相关的词，或一句只有你会写的话，例如「操场边的老槐树下午三点开花」。"
)


APP_WORDS = (
    "oncall",
    "on-call",
    "crisis",
    "duty",
    "值班",
    "危机",
    "心理危机",
    "演练",
    "口令",
    "密码",
)
"""The app's own words: the first a guesser tries against a store found beside it."""

WELL_KNOWN = (
    # English phrases famous as passphrases, which zxcvbn scores as strong
    "correcthorsebatterystaple",
    "thequickbrownfoxjumpsoverthelazydog",
    "iloveyousomuch",
    # Chinese: slogans, songs, greetings and the poems every child learns by heart
    "我爱北京天安门",
    "天安门上太阳升",
    "我爱你中国",
    "我是中国人",
    "中华人民共和国",
    "为人民服务",
    "好好学习天天向上",
    "学习雷锋好榜样",
    "团结紧张严肃活泼",
    "少年强则国强",
    "富强民主文明和谐",
    "自由平等公正法治",
    "爱国敬业诚信友善",
    "社会主义核心价值观",
    "北京欢迎你",
    "一生一世",
    "我爱你一万年",
    "天长地久",
    "一帆风顺",
    "心想事成",
    "万事如意",
    "恭喜发财",
    "身体健康",
    "生日快乐",
    "新年快乐",
    "老师您好",
    "同学们好",
    "一二三四五六七八九十",
    "床前明月光",
    "疑是地上霜",
    "举头望明月",
    "低头思故乡",
    "白日依山尽",
    "黄河入海流",
    "欲穷千里目",
    "更上一层楼",
    "锄禾日当午",
    "汗滴禾下土",
    "谁知盘中餐",
    "粒粒皆辛苦",
    "春眠不觉晓",
    "处处闻啼鸟",
    "夜来风雨声",
    "花落知多少",
    "鹅鹅鹅曲项向天歌",
    "白毛浮绿水",
    "红掌拨清波",
    "两个黄鹂鸣翠柳",
    "一行白鹭上青天",
    "天安门广场",
)
"""Phrases a guesser tries whole, whatever zxcvbn (which knows little Chinese) says."""


def _plain(text: str) -> str:
    """Lower case, without spaces or punctuation: how a guesser's list is compared."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _guessable_part(passphrase: str, words: tuple[str, ...]) -> str | None:
    """What is left of the passphrase once well-known phrases and the given words are
    taken out, or None if it holds none of them."""
    left = _plain(passphrase)
    found = False
    for phrase in sorted({_plain(w) for w in words if len(_plain(w)) >= 2}, key=len, reverse=True):
        if phrase in left:
            left = left.replace(phrase, "")
            found = True
    return left if found else None


def _strong_remainder(left: str) -> bool:
    """Is what is left, beside the guessable words, a passphrase on its own? Chinese
    characters carry more per character than letters (thousands in common use), so
    a few unrelated ones suffice; letters and digits must pass the full check."""
    if sum(1 for ch in left if "\u4e00" <= ch <= "\u9fff") >= MIN_CJK_REMAINDER:
        return True
    return len(left) >= MIN_CHARACTERS and passphrase_problem(left) is None


def passphrase_problem(
    passphrase: str, user_inputs: tuple[str, ...] | list[str] = ()
) -> WeakPassphrase | None:
    """Why `passphrase` is not accepted as a new passphrase, or None. `user_inputs`:
    words of this school a guesser would try first (its name, the operators' names);
    the app's own words and well-known phrases are always tried."""
    length = len(passphrase.strip())
    if length < MIN_CHARACTERS:
        return WeakPassphrase(
            f"the passphrase is too short ({length} characters, at least "
            f"{MIN_CHARACTERS}). " + _ACCEPTED_EN.format(n=MIN_CHARACTERS),
            zh=f"口令太短（{length} 个字符，至少需要 {MIN_CHARACTERS} 个）。"
            + _ACCEPTED_ZH.format(n=MIN_CHARACTERS),
        )
    context = (*APP_WORDS, *(word for word in user_inputs if word))
    left = _guessable_part(passphrase, (*WELL_KNOWN, *context))
    if left is not None and not _strong_remainder(left):
        return WeakPassphrase(
            "the passphrase is built on a well-known phrase, the app's name or this "
            "school's own words (its name, its people), which a guesser tries first. "
            + _ACCEPTED_EN.format(n=MIN_CHARACTERS),
            zh="口令建立在常见的句子、本软件的名称或本校自己的词（校名、人名）上，猜口令的人会"
            "最先试这些。" + _ACCEPTED_ZH.format(n=MIN_CHARACTERS),
        )
    from zxcvbn import zxcvbn  # ~10 MB of word lists: loaded only when one is judged

    words = [_plain(word) for word in context if _plain(word)]
    result = zxcvbn(passphrase[:_ZXCVBN_MAX_INPUT], user_inputs=words)
    score = int(result["score"])
    if score < MIN_SCORE:
        return WeakPassphrase(
            f"the passphrase is too easy to guess (strength {score}/4, at least "
            f"{MIN_SCORE}/4 needed). " + _ACCEPTED_EN.format(n=MIN_CHARACTERS),
            zh=f"口令太容易被猜到（强度 {score}/4，至少需要 {MIN_SCORE}/4）。"
            + _ACCEPTED_ZH.format(n=MIN_CHARACTERS),
        )
    return None


def require_strong(passphrase: str, user_inputs: tuple[str, ...] | list[str] = ()) -> None:
    problem = passphrase_problem(passphrase, user_inputs)
    if problem is not None:
        raise problem
