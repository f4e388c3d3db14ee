"""The library's details pane: one pack's decision, dates, status, or why it cannot open.

It speaks the screen language: the pack's own text comes from its translation into that
language when it has one (see :func:`decision_aid.content.strings.meta_in`), languages
are named in their own words, and right-to-left screens lay it out right to left.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from decision_aid.i18n import _, current_language, format_date, is_right_to_left, ngettext
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
        *_signer_rows(entry),
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
    banner = duplicates_html(entry) + trust_html(entry, today)
    if meta.review.status == "example":
        banner += _note(
            WARNING_STYLE,
            _("Example content, not clinically reviewed."),
            _("Do not use it with patients until a named clinician has reviewed it."),
        )
    return f"<h2>{esc(meta.title)}</h2>{banner}<table cellspacing='4'>{table}</table>"


def _signer_rows(entry: Entry) -> list[tuple[str, str]]:
    """The details' row on who signed the pack, and until when."""
    from decision_aid.content.trust.keys import short_id

    trust = entry.trust
    if trust is None:
        return []
    if not trust.verified:
        return [(_("Signed by"), trust.summary())]
    keys = ", ".join(short_id(k) for k in trust.signers)
    signer = ngettext(
        "{publisher} (key {keys})", "{publisher} (keys {keys})", len(trust.signers)
    ).format(publisher=trust.publisher_name(), keys=keys)
    rows = [(_("Signed by"), signer)]
    if trust.signed_at is not None:
        rows.append((_("Signed on"), format_date(trust.signed_at.date())))
    if trust.expires is not None:
        rows.append((_("Signature expires"), format_date(trust.expires)))
    return rows


def trust_html(entry: Entry, today: date) -> str:
    """The details pane's note on unverified content or an expired signature (or '')."""
    trust = entry.trust
    if trust is None:
        return ""
    if not trust.verified:
        return _note(PROBLEM_STYLE, _("Unverified content."), trust.explanation())
    if trust.expires is not None and trust.frozen(today):
        text = _(
            "Its signature expired on {date}, so this copy may be out of date, or held back "
            "by whoever passed it on. It opens only after a warning, and not on the kiosk. "
            "Get the current copy from {publisher}."
        ).format(date=format_date(trust.expires), publisher=trust.publisher_name())
        return _note(PROBLEM_STYLE, _("The signature has expired."), text)
    return ""


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
