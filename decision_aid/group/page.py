"""The participants' page: plain HTML (every piece of text escaped here, on the server),
a style sheet and a little JavaScript that sets text only through ``textContent``.

The page shows the options and the risk pictures, lets a participant rate each concern
and give a leaning, and send a question. It is in the participant's chosen language
(the app's catalogs for the page's words, the pack's translation for its content),
right to left for Arabic, and reflows at 200 % zoom (sizes in rem, no fixed widths).

When the pack names community topics, the page ends with the local groups and services
the facilitator marked as discussed: the script asks for them (``resources``) when the
page opens and every few seconds, and fills a copy of a ``<template>`` whose words were
escaped here, each value through ``textContent`` in its own direction (``dir="auto"``):
its name, who runs it, when, where, how to join, and its phone, email and web address
as links.
"""

from __future__ import annotations

import threading
from html import escape

from decision_aid.content.icon_layout import EVENT_COLOURS
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Pack
from decision_aid.content.risk_text import figure_sentence, outcome_heading, reference_text
from decision_aid.content.strings import localize
from decision_aid.group.counts import SCALE, UNSURE
from decision_aid.group.icons import icon_array_svg
from decision_aid.i18n import (
    _,
    available_languages,
    is_right_to_left,
    native_name,
    translate,
    using,
)

POLL_MS = 5000
"""How often a phone asks for the groups and services discussed (60 phones: 12 small
requests a second, well inside each phone's rate limit)."""
BALLOT_MARK = "\x00ballot\x00"
"""Stands in the cached page where each participant's one-time ballot goes."""


def pack_in(loaded: LoadedPack, language: str) -> Pack:
    """The pack in ``language`` where it has that translation, else as written."""
    translation = loaded.translations.get(language)
    if translation is None or language == loaded.meta.source_language.split("_")[0]:
        return loaded.pack
    pack: Pack = localize(loaded.pack, translation)[0]
    return pack


def choose_language(asked: str | None, accept: str | None) -> str:
    """The page's language: the one asked for in the address, else the browser's first
    language the app has, else English."""
    known = available_languages()
    if asked in known:
        return str(asked)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().replace("-", "_").split("_")[0].lower()
        if code in known:
            return code
    return "en"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _tag(name: str, text: str, attributes: str = "") -> str:
    """An element holding ``text``, escaped."""
    return f"<{name}{attributes}>{_e(text)}</{name}>"


def _data_attributes(ballot: str) -> str:
    """The ballot and the words the script shows, as data attributes (escaped here; the
    script puts them on the page with textContent)."""
    words = {
        "ballot": ballot,
        "sent": _("Thank you. Your answers were added to the group."),
        "counted": _("Your answers were already counted."),
        "busy": _("Too many at once: wait a moment and try again."),
        "failed": _("That did not arrive. Check the connection and try again."),
        "empty": _("Choose at least one answer first."),
        "asked": _("Thank you. Your question was sent."),
        "ended": _("This group session has ended."),
    }
    return " ".join(
        f'data-{key}="{value if key == "ballot" else _e(value)}"' for key, value in words.items()
    )


class PageMaker:
    """Builds the page once per language and hands out copies with a fresh ballot."""

    def __init__(self, loaded: LoadedPack) -> None:
        self.loaded = loaded
        self._cache: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()

    def page(self, language: str, ballot: str) -> str:
        with self._lock:
            parts = self._cache.get(language)
        if parts is None:
            with using(language):
                before, _mark, after = self._build(language).partition(BALLOT_MARK)
            parts = (before, after)
            with self._lock:
                self._cache[language] = parts
        return parts[0] + _e(ballot) + parts[1]

    def _build(self, language: str) -> str:
        pack = pack_in(self.loaded, language)
        content = pack.content
        direction = "rtl" if is_right_to_left(language) else "ltr"
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{_e(language)}" dir="{direction}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(pack.meta.title)}</title>",
            '<link rel="stylesheet" href="page.css">',
            '<script src="page.js" defer></script>',
            "</head>",
            "<body " + _data_attributes(BALLOT_MARK) + ">",
            "<main>",
            f"<h1>{_e(pack.meta.title)}</h1>",
            f"<p>{_e(pack.meta.decision)}</p>",
            '<nav class="languages">' + self._languages(language) + "</nav>",
            '<p class="note">'
            + _e(_("You answer anonymously: no name, no account. Only counts are kept."))
            + "</p>",
            _tag("h2", _("The options")),
        ]
        for option in content.options:
            out.append(f'<section class="option"><h3>{_e(option.name)}</h3>')
            out.append(f"<p>{_e(option.description)}</p></section>")
        out.extend(self._risks(pack))
        out.extend(self._ratings(pack))
        out.extend(self._leaning(pack))
        send = _tag("button", _("Send my answers"), ' type="button" id="send"')
        out.append(f"<p>{send}</p>")
        out.append('<p id="sent-status" class="status" role="status" aria-live="polite"></p>')
        out.extend(
            [
                _tag("h2", _("Ask a question")),
                _tag("label", _("Your question (no names, please)"), ' for="question"'),
                '<textarea id="question" maxlength="500" rows="3"></textarea>',
                "<p>" + _tag("button", _("Send the question"), ' type="button" id="ask"') + "</p>",
                '<p id="ask-status" class="status" role="status" aria-live="polite"></p>',
                *(self._resources() if pack.meta.community_topics else []),
                "</main>",
                "</body>",
                "</html>",
            ]
        )
        return "\n".join(out)

    def _resources(self) -> list[str]:
        """The section of groups and services discussed (hidden until there is one), and
        the template the script fills for each."""

        def slot(label: str, name: str, placeholder: str = "{value}") -> str:
            value = f'<span class="r-{name}" dir="auto"></span>'
            return f'<p class="r-{name}-line">{_e(label).replace(placeholder, value)}</p>'

        name = '<span class="r-name" dir="auto"></span>'
        example = _e(_("{name} (example data)")).replace("{name}", name)
        return [
            '<section id="resources" hidden>',
            _tag("h2", _("Local groups and services discussed")),
            _tag("p", _("Note down how to join any you would like to try."), ' class="note"'),
            '<div id="resource-list"></div>',
            "</section>",
            '<template id="resource-template"><article class="resource">',
            f'<h3 class="r-plain">{name}</h3><h3 class="r-example">{example}</h3>',
            '<p class="r-organisation" dir="auto"></p>',
            slot(_("When: {value}"), "when"),
            slot(_("Where: {value}"), "where"),
            slot(_("How to join: {value}"), "how_to_join"),
            slot(_("Contact: {value}"), "contact"),
            slot(_("Runs in: {languages}"), "languages", "{languages}"),
            "</article></template>",
        ]

    def _languages(self, current: str) -> str:
        links = []
        for code in available_languages():
            name = _e(native_name(code))
            if code == current:
                links.append(f'<span aria-current="true">{name}</span>')
            else:
                links.append(f'<a href="?lang={_e(code)}" lang="{_e(code)}">{name}</a>')
        return " · ".join(links)

    def _risks(self, pack: Pack) -> list[str]:
        content = pack.content
        out: list[str] = []
        for pack_outcome in content.outcomes:
            outcome = pack_outcome.stratum(None)
            if outcome is None:  # figures per baseline group: the facilitator explains them
                continue
            if not out:
                out.append(_tag("h2", _("The chances")))
            out.append(f'<section class="outcome"><h3>{_e(outcome_heading(outcome))}</h3>')
            out.append(f"<p>{_e(reference_text(outcome))}</p>")
            colour = EVENT_COLOURS[outcome.event_valence]
            out.append('<div class="arrays">')
            for option in content.options:
                figure = outcome.figures.get(option.id)
                if figure is None:
                    continue
                sentence = figure_sentence(outcome, figure)
                out.append(f"<figure><figcaption><b>{_e(option.name)}</b></figcaption>")
                if figure.count is not None and figure.out_of is not None:
                    high = figure.range.high if figure.range else 0
                    out.append(icon_array_svg(figure.count, figure.out_of, colour, sentence, high))
                out.append(f"<p>{_e(sentence)}</p></figure>")
            out.append("</div></section>")
        return out

    def _ratings(self, pack: Pack) -> list[str]:
        if not pack.content.values:
            return []
        out = [
            _tag("h2", _("What matters to you?")),
            _tag("p", _("How much does each of these matter to you?")),
        ]
        for value in pack.content.values:
            out.append(f'<fieldset><legend>{_e(value.concern)}</legend><div class="scale">')
            for step, label in enumerate(SCALE):
                words = _e(translate(label))
                out.append(
                    f'<label><input type="radio" name="c-{_e(value.id)}"'
                    f' data-concern="{_e(value.id)}" value="{step}"> {words}</label>'
                )
            out.append("</div></fieldset>")
        return out

    def _leaning(self, pack: Pack) -> list[str]:
        out = [
            "<fieldset>",
            _tag("legend", _("Which way are you leaning now?")),
            '<div class="scale">',
        ]
        for option in pack.content.options:
            out.append(
                f'<label><input type="radio" name="leaning" value="option:{_e(option.id)}">'
                f" {_e(option.name)}</label>"
            )
        not_sure = _e(_("Not sure yet"))
        out.append(
            f'<label><input type="radio" name="leaning" value="{UNSURE}"> {not_sure}</label>'
        )
        out.append("</div></fieldset>")
        return out


STYLE = """\
html { font-size: 100%; }
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #111;
  background: #fff; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
.note { background: #eef4fb; padding: 0.5rem 0.75rem; border-radius: 0.3rem; }
.languages { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.arrays { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; flex: 1 1 12rem; min-width: 0; }
svg.icons { width: 100%; max-width: 16rem; height: auto; display: block; }
fieldset { border: 1px solid #767676; border-radius: 0.3rem; margin: 1rem 0; padding: 0.5rem; }
legend { font-weight: bold; padding: 0 0.25rem; }
.scale { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.scale label { display: inline-flex; align-items: center; gap: 0.3rem; min-height: 2.75rem;
  padding: 0 0.6rem; border: 1px solid #767676; border-radius: 0.3rem; }
input[type=radio] { width: 1.25rem; height: 1.25rem; }
button { font: inherit; min-height: 2.75rem; padding: 0.4rem 1rem; border-radius: 0.3rem;
  border: 2px solid #0b4f8a; background: #0b4f8a; color: #fff; }
button:disabled { background: #767676; border-color: #767676; }
:focus-visible { outline: 3px solid #d55e00; outline-offset: 2px; }
textarea { font: inherit; width: 100%; box-sizing: border-box; }
.status { font-weight: bold; min-height: 1.5rem; }
.resource { border-inline-start: 0.3rem solid #0b4f8a; padding-inline-start: 0.75rem;
  margin: 1rem 0; overflow-wrap: anywhere; }
.resource h3 { margin: 0 0 0.25rem; }
.resource p { margin: 0.2rem 0; }
.resource a { color: #0b4f8a; }
"""

SCRIPT = """\
"use strict";
(function () {
  var POLL_MS = {poll};
  var body = document.body;
  function say(id, key) { document.getElementById(id).textContent = body.getAttribute(key); }
  function post(path, data, statusId, onDone) {
    fetch(path, { method: "POST", credentials: "omit", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) })
      .then(function (response) {
        if (response.ok) { onDone(); return; }
        if (response.status === 409) { say(statusId, "data-counted"); }
        else if (response.status === 429) { say(statusId, "data-busy"); }
        else if (response.status === 410) { say(statusId, "data-ended"); }
        else { say(statusId, "data-failed"); }
      })
      .catch(function () { say(statusId, "data-failed"); });
  }
  document.getElementById("send").addEventListener("click", function () {
    var ratings = {};
    document.querySelectorAll("input[data-concern]:checked").forEach(function (input) {
      ratings[input.getAttribute("data-concern")] = parseInt(input.value, 10);
    });
    var chosen = document.querySelector("input[name=leaning]:checked");
    var leaning = chosen ? chosen.value : null;
    if (Object.keys(ratings).length === 0 && leaning === null) {
      say("sent-status", "data-empty"); return;
    }
    post("answers", { ballot: body.getAttribute("data-ballot"), ratings: ratings,
      leaning: leaning }, "sent-status", function () {
      say("sent-status", "data-sent");
      document.querySelectorAll("input[type=radio], #send").forEach(function (el) {
        el.disabled = true;
      });
    });
  });
  document.getElementById("ask").addEventListener("click", function () {
    var box = document.getElementById("question");
    if (!box.value.trim()) { return; }
    post("question", { text: box.value }, "ask-status", function () {
      box.value = ""; say("ask-status", "data-asked");
    });
  });
  var section = document.getElementById("resources");
  if (!section) { return; }
  var list = document.getElementById("resource-list");
  var template = document.getElementById("resource-template");
  var shown = null;
  function fill(card, name, value) {
    var slot = card.querySelector(".r-" + name);
    if (value) { slot.textContent = value; return; }
    card.querySelector(".r-" + name + "-line").hidden = true;
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.setAttribute("href", href); a.setAttribute("dir", "ltr"); a.textContent = text;
    return a;
  }
  function contact(card, entry) {
    var links = [];
    if (entry.phone) { links.push(link("tel:" + entry.phone.split(" ").join(""), entry.phone)); }
    if (entry.email) { links.push(link("mailto:" + entry.email, entry.email)); }
    if (entry.web.indexOf("https://") === 0 || entry.web.indexOf("http://") === 0) {
      var web = link(entry.web, entry.web);
      web.setAttribute("rel", "noopener noreferrer"); web.setAttribute("target", "_blank");
      links.push(web);
    }
    var slot = card.querySelector(".r-contact");
    if (!links.length) { card.querySelector(".r-contact-line").hidden = true; return; }
    links.forEach(function (a, i) {
      if (i) { slot.appendChild(document.createTextNode(" · ")); }
      slot.appendChild(a);
    });
  }
  function render(entries) {
    list.textContent = "";
    entries.forEach(function (entry) {
      var card = template.content.firstElementChild.cloneNode(true);
      card.querySelector(entry.example ? ".r-plain" : ".r-example").remove();
      card.querySelector(".r-name").textContent = entry.name;
      card.querySelector(".r-organisation").textContent = entry.organisation;
      ["when", "where", "how_to_join"].forEach(function (name) { fill(card, name, entry[name]); });
      fill(card, "languages", entry.languages.join(", "));
      contact(card, entry);
      list.appendChild(card);
    });
    section.hidden = entries.length === 0;
  }
  var timer = null;
  function refresh() {
    fetch("resources", { credentials: "omit", cache: "no-store" })
      .then(function (response) {
        if (response.status === 410 || response.status === 404) { clearInterval(timer); }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.version !== shown) { shown = data.version; render(data.entries); }
      })
      .catch(function () {});
  }
  refresh();
  timer = setInterval(refresh, POLL_MS);
})();
""".replace("{poll}", str(POLL_MS))
