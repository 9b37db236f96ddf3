"""Evaluations, criteria, weights, questionnaires and scores.

One module per concern; import the models here so Django finds them.
"""

from .questionnaires import *  # noqa: F403
