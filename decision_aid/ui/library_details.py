"""The library's details pane: one pack's decision, dates, status, or why it cannot open.

It speaks the screen language: the pack's own text comes from its translation into that
language when it has one (see :func:`decision_aid.content.strings.meta_in`), languages
are named in their own words, and right-to-left screens lay it out right to left.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from decision_aid.i18n import _, current_language, format_date, is_right_to_left
from decision_aid.ui.language import html_dir
from decision_aid.ui.library_model import language_names, status_text
from decision_aid.ui.plain_text import escaped as esc

if TYPE_CHECKING:
    from decision_aid.content.library import Entry
    from decision_aid.content.model import PackMeta

WARNING_STYLE = "background:#fff4ce; color:#3b2f00; padding:6px"
PROBLEM_STYLE = "background:#fde8e8; color:#5c0010; padding:6px"


def _note(style: str, heading: str, text: str = "") -> str:
    """A highlighted paragraph: a bold heading, then the text."""
    body = f"<b>{esc(heading)}</b>" + (f" {esc(text)}" if text else "")
    return f"<p style='{style}'>{body}</p>"


def details_html(entry: Entry, today: date, meta: PackMeta | None = None) -> str:
    """The details pane for one entry; ``meta`` is its metadata in the screen language."""
    direction = html_dir(current_language())
    return f"<div dir='{direction}'>{_details(entry, today, meta or entry.meta)}</div>"


def _details(entry: Entry, today: date, meta: PackMeta | None) -> str:
    if meta is None or not entry.valid:
        items = "".join(f"<li><code>{esc(str(p))}</code></li>" for p in entry.problems)
        opened = "<p><b>" + esc(_("This pack cannot be opened.")) + "</b> "
        return (
            f"<h2>{esc(entry.path.name)}</h2>"
            + opened
            + esc(_("Ask its author to fix these problems:"))
            + f"</p><ul>{items}</ul>"
        )
    rows = [
        (_("Decision"), meta.decision),
        (_("Condition"), meta.condition),
        (_("For"), meta.population),
        (_("Status"), status_text(entry, today)),
        (_("Version"), meta.version),
        (_("Folder"), str(entry.path)),
        (_("Languages"), language_names(entry.languages)),
        (_("Published"), format_date(meta.published)),
        (_("Evidence searched"), format_date(meta.evidence_searched)),
        (_("Review due"), format_date(meta.review_due)),
        (_("Expires"), format_date(meta.expires)),
        (_("Authors"), ", ".join(a.name for a in meta.authors)),
        (_("Funding"), meta.funding),
    ]
    leading = "right" if is_right_to_left(current_language()) else "left"
    table = "".join(
        f"<tr><th align='{leading}' valign='top'>{esc(k)}</th><td>{esc(v)}</td></tr>"
        for k, v in rows
    )
    banner = duplicates_html(entry)
    if meta.review.status == "example":
        banner += _note(
            WARNING_STYLE,
            _("Example content, not clinically reviewed."),
            _("Do not use it with patients until a named clinician has reviewed it."),
        )
    return f"<h2>{esc(meta.title)}</h2>{banner}<table cellspacing='4'>{table}</table>"


def duplicates_html(entry: Entry) -> str:
    """The details pane's note on other copies of the same pack id (empty when none)."""
    rule = _(
        "When several copies share an id, the highest version is used; on equal versions, "
        "the copy in the folder searched first."
    )
    used = entry.used_instead
    if used is not None and used.meta is not None:
        text = _(
            "This copy is not used: the copy of version {version} in {path} is used instead. "
            "Remove this copy, or give it a higher version if it is the newer one."
        ).format(version=used.meta.version, path=used.path)
        return _note(PROBLEM_STYLE, _("Duplicate pack id."), f"{text} {rule}")
    if entry.duplicates:
        others = "".join(
            "<li>"
            + esc(
                _("version {version} in {path}").format(
                    version=d.meta.version if d.meta else "?", path=d.path
                )
            )
            + "</li>"
            for d in entry.duplicates
        )
        heading = _note(WARNING_STYLE, _("Other copies of this pack were found and are not used:"))
        return f"{heading}<ul>{others}</ul><p>{esc(rule)}</p>"
    return ""
