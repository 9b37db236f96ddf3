"""The home page: what needs the signed-in user's attention (issue 13 section 2, issue 17's counts).

An app of its own because it reads both the vendor record and the evaluations, and ``vendors``
never imports ``evaluator``.
"""
