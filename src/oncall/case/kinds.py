"""The event kinds, from the vocabulary at the bottom of the house
(`oncall.vocabulary.kinds`); kept here so `from oncall.case import kinds` reads as it
always did."""

from oncall.vocabulary.kinds import *  # noqa: F403
from oncall.vocabulary.kinds import ALL_KINDS as ALL_KINDS
