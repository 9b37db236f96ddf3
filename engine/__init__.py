"""The Django-free engine: the mathematics and chart builders behind every score and chart.

``mcda`` (AHP, weighted sum, TOPSIS, sensitivity, rank probabilities), ``weighting`` (pairwise
judgements to criterion weights), ``facts`` (a vendor's delivery record and R&D profile),
``scoring`` (facts and answers in, a score table with per-criterion contributions out),
``questionnaire_scoring``, ``risk_flags``, ``charts`` (DataFrames in, plotly figures out) and
``memo`` (reuse a pure result for byte-identical inputs). Nothing here imports Django: the
selectors of each app turn the ORM into DataFrames, and this package only computes.
mypy --strict checks it (pyproject.toml).
"""
