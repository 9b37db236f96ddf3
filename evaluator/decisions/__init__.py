"""Frozen decisions: the snapshot an evaluation keeps once it is decided (docs/scoring.md §6).

``canonical`` defines the bytes the SHA-256 is taken over, ``snapshot`` gathers every input and
result, ``service.decide`` takes the snapshot and freezes the evaluation in one transaction,
``guard`` is the one "is it frozen?" check the pages, the API and the admin call, and
``changes`` compares a snapshot with today's data.
"""
