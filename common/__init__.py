"""What every app shares and no app owns: the tracked-model base with its version claim
(``models``), the page mixins for role permissions, stale edits and PDF downloads (``pages``),
the audit-history reader (``history``), the REST plumbing (``rest``: permissions, errors, 412,
schema hooks, history endpoints), upload and spreadsheet-cell safety (``uploads``, ``cells``),
file downloads and PDF rendering (``downloads``, ``pdf``).

Apps import from here; nothing here imports an app.
"""
