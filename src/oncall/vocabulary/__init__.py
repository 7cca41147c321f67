"""The words every layer shares, at the bottom of the house: event kinds
(`oncall.vocabulary.kinds`), bilingual text (`Text`, `Lang`) and the domain's word
lists (`oncall.vocabulary.words`). Imports nothing else of oncall."""

from oncall.vocabulary.text import LANGS, Lang, Text

__all__ = ["LANGS", "Lang", "Text"]
