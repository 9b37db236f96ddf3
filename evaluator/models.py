"""Evaluations, criteria, weights, questionnaires and scores (see the scoring and questionnaire issues)."""
