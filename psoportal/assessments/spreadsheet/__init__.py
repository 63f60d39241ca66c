"""Spreadsheet import and export for the rekentool (pure functions on documents).

- :func:`target_group_template` / :func:`read_target_group`: the step-3C target-group file
  (xlsx or CSV), rule book §2 (no names or BSNs) and §5 (the fields of a row);
- :func:`assessment_to_xlsx` / :func:`assessment_from_xlsx`: a whole ``pso-assessment/1``
  document as a workbook and back, losslessly.

Nothing here touches the database or the request: the web layer passes bytes and a handbook and
shows the returned :class:`RowError` messages (translated with ``gettext``).
"""

from .errors import RowError
from .target_group import TargetGroupImport, read_target_group
from .template import target_group_template
from .workbook import XlsxImport, assessment_from_xlsx, assessment_to_xlsx

__all__ = [
    "RowError",
    "TargetGroupImport",
    "XlsxImport",
    "assessment_from_xlsx",
    "assessment_to_xlsx",
    "read_target_group",
    "target_group_template",
]
