"""Tools for pack authors, below the workbench window and the command line. No Qt.

Each module is one task, with small typed entry points the workbench
(``decision_aid.ui.author``) and ``decision-aid packs ...`` call:

* :mod:`.translations`: :func:`~.translations.translation_entries` (each string beside its
  translation: missing first, then stale, then unchecked; with numbers that differ) and
  :func:`~.translations.mark_current`;
* :mod:`.versions`: :func:`~.versions.bump_version` (the version and a changelog entry);
* :mod:`.compare`: :func:`~.compare.compare_packs` (every changed figure, denominator,
  time frame, citation, reference and text between two versions);
* :mod:`.review`: :func:`~.review.record_sign_off` (a reviewer's sign-off of the exact
  content);
* :mod:`.template`: :func:`~.template.new_pack` (a new pack from the template, or from a
  first draft of a grid);
* :mod:`.sheet`: :func:`~.sheet.read_grid` (a first draft of a grid from a CSV or XLSX
  spreadsheet);
* :mod:`.roundtrip`: editing a pack's YAML or JSON file while keeping the author's
  comments, key order, quoting and layout.

Every failure is an :class:`~.errors.AuthoringError` naming the file (and the place in
it) and the fix; nothing is written then.
"""
