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


def passphrase_problem(passphrase: str) -> WeakPassphrase | None:
    """Why `passphrase` is not accepted as a new passphrase, or None."""
    length = len(passphrase.strip())
    if length < MIN_CHARACTERS:
        return WeakPassphrase(
            f"the passphrase is too short ({length} characters, at least "
            f"{MIN_CHARACTERS}). " + _ACCEPTED_EN.format(n=MIN_CHARACTERS),
            zh=f"口令太短（{length} 个字符，至少需要 {MIN_CHARACTERS} 个）。"
            + _ACCEPTED_ZH.format(n=MIN_CHARACTERS),
        )
    from zxcvbn import zxcvbn  # ~10 MB of word lists: loaded only when one is judged

    result = zxcvbn(passphrase[:_ZXCVBN_MAX_INPUT])
    score = int(result["score"])
    if score < MIN_SCORE:
        warning = str(result["feedback"].get("warning") or "")
        hint = f" ({warning})" if warning else ""
        return WeakPassphrase(
            f"the passphrase is too easy to guess (strength {score}/4, at least "
            f"{MIN_SCORE}/4 needed){hint}. " + _ACCEPTED_EN.format(n=MIN_CHARACTERS),
            zh=f"口令太容易被猜到（强度 {score}/4，至少需要 {MIN_SCORE}/4）。"
            + _ACCEPTED_ZH.format(n=MIN_CHARACTERS),
        )
    return None


def require_strong(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise problem
