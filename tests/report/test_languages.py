"""Records in Welsh, Polish and Arabic: one language per document, fonts that cover it,
Arabic shaped and ordered right to left, and still PDF/A.

Expected words come from the same places the record takes them from (the compiled
catalog through ``i18n.using`` and the pack's translation through ``localize``), never
from literal translations, so the tests stay valid as translations are revised.

How Arabic text is compared. The PDF draws Arabic as presentation forms in display
order, and maps every glyph back to the letter it stands for. ``pdftotext -layout`` runs
the bidi algorithm backwards and gives lines in logical order, in plain Arabic letters.
What remains differs from the source only in what poppler cannot recover: punctuation
can move next to the neighbouring word. So Arabic is compared as letters and digits only
(:func:`letters`), never normalised: a presentation form left in the text fails.
The display order itself is checked directly: numbers keep their digit order, and
right-to-left headings end at the right margin.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file

from decision_aid.content.model import Pack
from decision_aid.i18n import _, available_languages, using
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.icon_flowables import IconArrayFlowable
from decision_aid.report.rtl_paragraph import mirror_table_command
from decision_aid.report.summary import build_summary, localized_pack
from decision_aid.report.when import moment_text, zone_name
from decision_aid.session.model import SessionRecord
from tests.report.common import CLINIC_ZONE, CREATED, PACK_IDS, ROOT, example, options, run, tool
from tests.report.test_pdfa import validate

LANGUAGES = ("cy", "pl", "ar")
REPORT = ROOT / "decision_aid" / "report"
NOT_THE_SUMMARY = {"sign.py", "keys.py", "verify.py", "fhir.py", "pipeline.py"}
HEADINGS = (
    "Record of a shared decision",
    "The decision",
    "Options discussed",
    "What matters to the patient",
    "How each option fits",
    "Risk figures shown",
    "Check",
    "Plan",
    "About this record",
    "Signatures",
    "Digital signature",
)
"""UI strings every record shows."""


def translation_file(pack_id: str, language: str) -> Path:
    return ROOT / "option_grids" / pack_id / "translations" / f"{language}.yaml"


@dataclass
class Localized:
    """A record built in one language, with what it was built from."""

    pdf: Path
    pack: Pack
    record: SessionRecord
    language: str

    @cached_property
    def layout(self) -> str:
        return _pdftotext(self.pdf, "-layout")

    @cached_property
    def raw(self) -> str:
        return _pdftotext(self.pdf, "-raw")


def _pdftotext(pdf: Path, mode: str) -> str:
    result = run(tool("pdftotext", "poppler-utils"), mode, str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


class LocalizedRecords(dict[tuple[str, str, str], Localized]):
    """Example records in a language, by (pack id, language, '1b' or '3b'), built on first use.

    The session says the patient saw the pack in that language; the options leave the
    record's language to that (``ReportOptions.locale`` None).
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, key: tuple[str, str, str]) -> Localized:
        pack_id, language, part = key
        assert translation_file(pack_id, language).is_file(), (
            f"{pack_id} has no {language} translation: every shipped pack is translated"
        )
        assert language in available_languages(), "catalogs are compiled by scripts/setup.sh"
        loaded, record = example(pack_id)
        record.pack.language = language
        path = self.folder / f"{pack_id}-{language}-{part}.pdf"
        path.write_bytes(build_summary(loaded, record, options(locale=None, pdfa=part)))
        made = Localized(path, localized_pack(loaded, language), record, language)
        self[key] = made
        return made


@pytest.fixture(scope="session")
def localized(tmp_path_factory: pytest.TempPathFactory) -> LocalizedRecords:
    return LocalizedRecords(tmp_path_factory.mktemp("localized"))


# -- comparing text -------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def spaced(text: str) -> str:
    return " ".join(text.split())


def letters(text: str) -> str:
    """Letters and digits only, without vowel marks (the shaper drops them) or bidi marks.

    Nothing is normalised: a presentation form stays what it is, and fails to match."""
    return "".join(ch for ch in text if ch.isalnum() and unicodedata.category(ch) != "Mn")


def found(record: Localized, wanted: str) -> bool:
    """Whether ``wanted`` is in the record's text (wherever its lines were broken)."""
    if record.language == "ar":
        return letters(wanted) in letters(record.layout)
    return squeeze(wanted) in squeeze(record.raw)


def english_in(record: Localized, msgid: str) -> bool:
    """Whether the English ``msgid`` appears as words in the record."""
    pattern = r"(?<![\w])" + re.escape(spaced(msgid)) + r"(?![\w])"
    return re.search(pattern, spaced(record.raw)) is not None


def pack_strings(record: Localized) -> list[str]:
    """A few of the pack's strings every record shows: title, decision, options, concerns."""
    pack, hidden = record.pack, set(record.record.hidden_options)
    content = pack.content
    names = [o.name for o in content.options if o.id not in hidden]
    return [pack.meta.title, pack.meta.decision, *names, *(v.concern for v in content.values)]


@pytest.fixture(scope="session")
def summary_messages() -> list[str]:
    """Every plain UI message of the summary (no placeholders, more than one word)."""
    messages: set[str] = set()
    files = [*REPORT.glob("*.py"), ROOT / "decision_aid" / "content" / "risk_text.py"]
    keywords: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2)}
    for path in files:
        if path.name in NOT_THE_SUMMARY:
            continue
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=keywords
        ):
            text = message if isinstance(message, str) else message[0]
            if "{" not in text and " " in text:
                messages.add(text)
    assert len(messages) > 20
    return sorted(messages)


# -- one language per document -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_pack_text_is_in_the_language(
    localized: LocalizedRecords, pack_id: str, language: str
) -> None:
    record = localized[pack_id, language, "3b"]
    loaded, _record = example(pack_id)
    source = localized_pack(loaded, loaded.meta.source_language)
    wanted = pack_strings(record)
    assert wanted != pack_strings(Localized(record.pdf, source, record.record, "en"))
    assert [w for w in wanted if not found(record, w)] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_headings_are_in_the_language_and_never_in_english(
    localized: LocalizedRecords, pack_id: str, language: str
) -> None:
    record = localized[pack_id, language, "3b"]
    with using(language):
        headings = [(msgid, _(msgid)) for msgid in HEADINGS]
    translated = [(msgid, words) for msgid, words in headings if words != msgid]
    assert len(translated) >= len(HEADINGS) - 2, "the catalog translates the headings"
    assert [words for _msgid, words in headings if not found(record, words)] == []
    assert [msgid for msgid, _words in translated if english_in(record, msgid)] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_no_english_ui_string_is_left(
    localized: LocalizedRecords, summary_messages: list[str], pack_id: str, language: str
) -> None:
    """A document never mixes languages: no translated UI message appears in English."""
    record = localized[pack_id, language, "3b"]
    with using(language):
        translated = [m for m in summary_messages if _(m) != m]
    assert [m for m in translated if english_in(record, m)] == []


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_the_record_language_can_differ_from_the_session(
    localized: LocalizedRecords, pack_id: str, tmp_path: Path
) -> None:
    loaded, record = example(pack_id)
    record.pack.language = "cy"
    path = tmp_path / "pl.pdf"
    path.write_bytes(build_summary(loaded, record, options(locale="pl")))
    polish = Localized(path, localized_pack(loaded, "pl"), record, "pl")
    welsh = localized[pack_id, "cy", "3b"]
    assert all(found(polish, w) for w in pack_strings(polish))
    assert not any(found(polish, w) for w in pack_strings(welsh) if w not in pack_strings(polish))


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_language_metadata(localized: LocalizedRecords, language: str) -> None:
    from babel.dates import format_date

    record = localized["statins-primary-prevention", language, "3b"]
    data = record.pdf.read_bytes()
    assert f"<rdf:li>{language}</rdf:li>".encode() in data  # XMP dc:language
    assert f"/Lang ({language})".encode() in data  # the catalog's /Lang
    plan = record.record.plan
    assert plan.follow_up is not None
    assert found(record, format_date(plan.follow_up, format="full", locale=language))
    # The date and time of the consultation, in the clinic's zone; poppler may put the
    # numbers of a right-to-left line in another order, so the parts are found one by one.
    moment = CREATED.astimezone(CLINIC_ZONE)
    day = format_date(moment, format="long", locale=language)
    zone = zone_name(moment, language)
    assert moment_text(CREATED, language, CLINIC_ZONE).startswith(day)
    assert all(found(record, part) for part in (*day.split(), "10:20", zone))


# -- fonts ---------------------------------------------------------------------------------


def _all_translations(language: str) -> list[str]:
    """Every translated string of the shipped packs and of the catalog, for a language."""
    from babel.messages.pofile import read_po

    po = ROOT / "translations" / language / "LC_MESSAGES" / "decision_aid.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    texts: list[str] = []
    for message in catalog:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [s for s in strings if s]
    for pack_id in PACK_IDS:
        loaded, _record = example(pack_id)
        texts += list(loaded.translations[language].strings.values())
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_fonts_draw_every_translated_string(language: str) -> None:
    st.register_fonts()
    faces = rtl.faces()
    texts = _all_translations(language)
    assert len(texts) > 300
    with rtl.direction(language == "ar"):
        lacking = sorted({ch for t in texts for ch in st.printable(t) if ch == st.MISSING})
        assert lacking == [], f"no glyph in the shipped fonts for text in {language}"
        undrawable: set[str] = set()
        for text in texts:
            shaped = rtl.shape(st.printable(text)) if language == "ar" else st.printable(text)
            for weight in (faces.latin, faces.latin_bold):
                runs = rtl.font_runs(shaped, weight) if language == "ar" else [(shaped, weight)]
                for part, font in runs:
                    have = rtl.glyphs(font)
                    undrawable |= {ch for ch in part if ord(ch) not in have and ch != "\n"}
        assert sorted(undrawable) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_no_replacement_marks_in_the_record(
    localized: LocalizedRecords, pack_id: str, language: str
) -> None:
    record = localized[pack_id, language, "3b"]
    assert st.MISSING not in record.raw
    fonts = run(tool("pdffonts", "poppler-utils"), str(record.pdf))
    assert fonts.returncode == 0, fonts.stderr
    lines = fonts.stdout.splitlines()[2:]
    assert lines and all(" yes " in line.split("TrueType")[-1] for line in lines), fonts.stdout
    used = " ".join(lines)
    assert ("NotoNaskhArabic" in used) == (language == "ar")


def test_welsh_and_polish_letters_survive(localized: LocalizedRecords) -> None:
    welsh = localized["knee-osteoarthritis", "cy", "3b"].raw
    polish = localized["knee-osteoarthritis", "pl", "3b"].raw
    assert re.search("[ŵŷâêîôû]", welsh)
    assert re.search("[ąćęłńóśźż]", polish)


# -- Arabic: shaping and order ---------------------------------------------------------------


@pytest.mark.pdfa
def test_arabic_record_passes_preflight(localized: LocalizedRecords, preflight: list[str]) -> None:
    for pack_id in PACK_IDS:
        validate(preflight, localized[pack_id, "ar", "1b"].pdf)


PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_arabic_copies_and_searches_as_arabic(localized: LocalizedRecords, pack_id: str) -> None:
    """Extracted text is plain Arabic letters (it used to be presentation forms: 2,372 of
    them against 72 letters), so copying it and searching it work."""
    record = localized[pack_id, "ar", "3b"]
    for text in (record.layout, record.raw):
        assert PRESENTATION_FORMS.findall(text) == []
        assert len(re.findall("[\u0621-\u064a]", text)) > 1000
    words = {w for s in pack_strings(record) for w in re.findall("[\u0621-\u064a]{3,}", s)}
    assert words and [w for w in words if w not in record.layout] == []


def test_a_search_for_cancer_finds_it(localized: LocalizedRecords) -> None:
    record = localized["psa-screening", "ar", "3b"]
    assert "سرطان" in record.pack.meta.title + record.pack.meta.decision
    assert "سرطان" in record.layout
    # The lam-alef ligature reads as its two letters, lam first.
    pattern = "[\u0621-\u064a]*\u0644[\u0622\u0623\u0625\u0627][\u0621-\u064a]*"
    lam_alef = set(re.findall(pattern, " ".join(pack_strings(record))))
    assert lam_alef and all(w in record.layout for w in lam_alef)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_numbers_keep_their_digit_order(localized: LocalizedRecords, pack_id: str) -> None:
    record = localized[pack_id, "ar", "3b"]
    with using("ar"):
        provenance = letters(_("About this record"))
    lines = record.layout.splitlines()
    end = next(i for i, line in enumerate(lines) if letters(line) == provenance)
    # Up to the references, whose DOIs have numbers such as (09) of their own.
    text = unicodedata.normalize("NFKC", "\n".join(lines[:end]))
    numbers = set(re.findall(r"(?<![0-9A-Za-z.:,-])\d+(?![0-9A-Za-z.:,-])", text))
    expected: set[str] = set()
    content = record.pack.content
    group = content.baseline_group(record.record.risk_group)
    outcomes = {o.id: o.stratum(group) for o in content.outcomes}
    for shown in record.record.shown:
        outcome = outcomes.get(shown.item.removeprefix("outcome:"))
        for figure in outcome.figures.values() if outcome else ():
            if figure.count is not None and figure.out_of is not None:
                expected |= {str(figure.count), str(figure.out_of - figure.count)}
                expected.add(str(figure.out_of))
    assert expected and expected <= numbers
    reversed_only = {n[::-1] for n in expected if n[::-1] not in expected and n[::-1] != n}
    assert not reversed_only & numbers


def test_arabic_headings_end_at_the_right_margin(localized: LocalizedRecords) -> None:
    record = localized["knee-osteoarthritis", "ar", "3b"]
    result = run(tool("pdftotext", "poppler-utils"), "-bbox", "-f", "1", "-l", "1",
                 str(record.pdf), "-")  # fmt: skip
    assert result.returncode == 0, result.stderr
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                       result.stdout)  # fmt: skip
    with using("ar"):
        heading = {letters(w) for w in _("The decision").split()}
    right = st.PAGE_WIDTH - st.MARGIN_X
    # -bbox gives each word as drawn (display order); accept either order.
    ends = [float(x) for _x, x, word in words if {letters(word), letters(word)[::-1]} & heading]
    assert ends and max(ends) == pytest.approx(right, abs=1.5)
    starts = [float(x_min) for x_min, _x_max, _word in words]
    assert min(starts) >= st.MARGIN_X - 1


def _arabic_plan_record(tmp_path: Path) -> Path:
    """The PSA pack's record in Arabic, with the Macmillan support line chosen and next
    steps that hold a phone number and an address ending in '/'."""
    loaded, record = example("psa-screening")
    record.pack.language = "ar"
    record.plan.resources = ["macmillan"]
    record.plan.next_steps = (
        "اتصل بالرقم 0808 808 00 00 أو زر https://www.macmillan.org.uk/cancer-information/ "
        "قبل الموعد القادم"
    )
    path = tmp_path / "ar.pdf"
    path.write_bytes(build_summary(loaded, record, options(locale=None)))
    return path


def _words_by_line(pdf: Path) -> list[list[tuple[float, str]]]:
    """Every word drawn, as (left edge, text), grouped by line, from pdftotext -bbox."""
    result = run(tool("pdftotext", "poppler-utils"), "-bbox", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for page, chunk in enumerate(result.stdout.split("<page ")[1:]):
        for x_min, y_min, word in re.findall(pattern, chunk):
            key = (page, round(float(y_min)))
            lines.setdefault(key, []).append((float(x_min), html.unescape(word)))
    return [sorted(words) for _key, words in sorted(lines.items())]


def test_phone_numbers_and_addresses_keep_their_order_in_arabic(tmp_path: Path) -> None:
    pdf = _arabic_plan_record(tmp_path)
    layout = _pdftotext(pdf, "-layout")
    assert "0808 808 00 00" in layout  # the support line, from the pack
    assert "https://www.macmillan.org.uk/cancer-information/" in layout
    drawn = [" ".join(text for _x, text in line) for line in _words_by_line(pdf)]
    # Left to right as drawn: the digit groups in the order written, never "00 00 808 0808".
    assert sum("0808 808 00 00" in line for line in drawn) == 2
    assert not any("00 00 808 0808" in line for line in drawn)
    assert any(line.endswith("https://www.macmillan.org.uk/cancer-information/")
               or "https://www.macmillan.org.uk/cancer-information/ " in line
               for line in drawn)  # fmt: skip
    assert not any("/https://" in line for line in drawn)


def test_icon_arrays_fill_from_the_top_right_when_mirrored() -> None:
    ltr = IconArrayFlowable(3, 100, width=120)
    mirrored = IconArrayFlowable(3, 100, width=120, mirrored=True)
    assert (ltr.width, ltr.height) == (mirrored.width, mirrored.height)
    for index in range(100):
        x, y = ltr.cell_origin(index)
        mx, my = mirrored.cell_origin(index)
        assert my == y and mx == pytest.approx(ltr.width - x - ltr.cell)
    first_x, first_y = mirrored.cell_origin(0)
    assert first_x == max(mirrored.cell_origin(i)[0] for i in range(100))
    assert first_y == max(mirrored.cell_origin(i)[1] for i in range(100))


def test_tables_are_mirrored() -> None:
    command = ("RIGHTPADDING", (1, 0), (-1, -1), 12)
    assert mirror_table_command(command, 3) == ("LEFTPADDING", (0, 0), (1, -1), 12)
    assert mirror_table_command(("ALIGN", (1, 0), (1, 0), "RIGHT"), 2) == (
        "ALIGN",
        (0, 0),
        (0, 0),
        "LEFT",
    )


def test_a_language_without_a_catalog_gives_an_english_record(tmp_path: Path) -> None:
    loaded, record = example("statins-primary-prevention")
    path = tmp_path / "de.pdf"
    path.write_bytes(build_summary(loaded, record, options(locale="de")))
    english = Localized(path, loaded.pack, record, "en")
    assert all(found(english, w) for w in (*HEADINGS, *pack_strings(english)))
    assert b"<rdf:li>en</rdf:li>" in path.read_bytes()
    assert found(english, "25 November 2026, 10:20 GMT")  # English, by British conventions


def test_a_regional_locale_uses_its_language(tmp_path: Path) -> None:
    loaded, record = example("statins-primary-prevention")
    path = tmp_path / "pl-PL.pdf"
    path.write_bytes(build_summary(loaded, record, options(locale="pl-PL")))
    polish = Localized(path, localized_pack(loaded, "pl"), record, "pl")
    with using("pl"):
        assert found(polish, _("Risk figures shown"))
    assert all(found(polish, w) for w in pack_strings(polish))
    assert b"<rdf:li>pl-PL</rdf:li>" in path.read_bytes()
