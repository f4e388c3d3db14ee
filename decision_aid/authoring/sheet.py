"""A first draft of a grid from a spreadsheet: CSV (the standard library) or XLSX (openpyxl).

The layout is the grid's own: the **first row** names the options (from the second column
on), the **first column** holds the questions patients often ask (from the second row
on), and each cell is the answer to its row's question for its column's option. The
first cell (A1) is free for a heading such as 'Question'. Empty rows are skipped.

Whatever is wrong is said with the sheet, the row and the column (as a spreadsheet names
them: row 3, column C): an empty sheet, a row with fewer or more answers than there are
options, a cell too long for a grid, a formula instead of text, or a file that is not a
spreadsheet at all. A spreadsheet is read within fixed limits, so a hostile file (a zip
that unpacks to gigabytes, a sheet claiming a million columns) is refused early.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.template import MAX_OPTIONS, MIN_OPTIONS, Grid
from decision_aid.i18n import _, ngettext

__all__ = ["MAX_CELL_CHARS", "MAX_QUESTIONS", "SheetError", "read_grid"]

MAX_SHEET_BYTES = 10 * 1024 * 1024
"""Largest spreadsheet file read."""
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""Most bytes an XLSX file (a zip archive) may unpack to."""
MAX_ENTRIES = 1000
"""Most entries an XLSX archive may hold."""
MAX_QUESTIONS = 100
"""Most questions (rows after the first) a grid may have."""
MAX_CELL_CHARS = 1000
"""Longest answer or question; a grid cell is one or two sentences."""
MAX_NAME_CHARS = 100
"""Longest option name, a column heading."""
_READ_COLUMNS = 64
"""Columns read per row: enough to find answers beyond the last option."""
MAX_ROWS_READ = 5000
"""Most rows read, empty ones included."""


class SheetError(AuthoringError):
    """What is wrong with a spreadsheet, at its sheet, row and column."""


def column_name(index: int) -> str:
    """A spreadsheet's name for a column: 1 is 'A', 27 is 'AA'."""
    name = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class _Where:
    def __init__(self, path: Path, sheet: str | None) -> None:
        self.path = path
        self.sheet = sheet

    def at(self, row: int | None = None, column: int | None = None) -> str:
        parts = [str(self.path)]
        if self.sheet is not None:
            parts.append(_("sheet '{sheet}'").format(sheet=self.sheet))
        if row is not None:
            parts.append(_("row {row}").format(row=row))
        if column is not None:
            parts.append(_("column {column}").format(column=column_name(column)))
        return ", ".join(parts)

    def error(self, message: str, row: int | None = None, column: int | None = None) -> SheetError:
        return SheetError(self.at(row, column), message)


Cells = list[tuple[int, list[str]]]
"""Rows as (row number, cell texts from column A on)."""


def _clean(text: str, where: _Where, row: int, column: int) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise where.error(_("the cell holds control characters; type plain text"), row, column)
    return " ".join(text.split())


# ------------------------------------------------------------------ CSV


def _csv_rows(path: Path, raw: bytes) -> Cells:
    where = _Where(path, None)
    if b"\0" in raw:
        raise where.error(
            _("this is not a CSV file (it holds binary data); save the sheet as CSV or XLSX")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise where.error(
            _(
                "the file is not UTF-8 text (bad byte at offset {offset}); save it as "
                "'CSV UTF-8' or as XLSX"
            ).format(offset=exc.start)
        ) from exc
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: Cells = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            for column, cell in enumerate(cells, start=1):
                if cell.startswith("="):
                    raise where.error(_formula_message(), number, column)
            _add_row(
                rows, number, [_clean(c, where, number, i) for i, c in enumerate(cells, 1)], where
            )
    except csv.Error as exc:
        raise where.error(
            _("not a readable CSV file ({reason})").format(reason=exc), number + 1
        ) from exc
    return rows


def _add_row(rows: Cells, number: int, texts: list[str], where: _Where) -> None:
    """Keep a row read, within the limits of a grid."""
    if number > MAX_ROWS_READ:
        raise where.error(
            _("the sheet has more than {limit} rows; a grid needs far fewer").format(
                limit=MAX_ROWS_READ
            ),
            number,
        )
    if any(texts):
        rows.append((number, texts))
        if len(rows) > MAX_QUESTIONS + 1:
            raise _too_many(where, number)


# ------------------------------------------------------------------ XLSX


def _check_zip(path: Path, raw: bytes) -> None:
    where = _Where(path, None)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise where.error(
            _(
                "this is not an XLSX spreadsheet (it is not the zip file an XLSX file is); "
                "save the sheet as XLSX or CSV"
            )
        ) from exc
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise where.error(
            _("the spreadsheet unpacks to more than {limit} MB; a grid needs far less").format(
                limit=MAX_UNPACKED_BYTES // (1024 * 1024)
            )
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise where.error(
            _(
                "this zip file is not an XLSX spreadsheet (it has no workbook); save the sheet "
                "as XLSX or CSV"
            )
        )


def _cell_text(value: Any, kind: str, where: _Where, row: int, column: int) -> str:
    if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
        raise where.error(_formula_message(), row, column)
    if kind == "e":
        raise where.error(
            _("the cell holds an error value ({value}); type the text itself").format(value=value),
            row,
            column,
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return _clean(str(value), where, row, column)


def _xlsx_rows(path: Path, raw: bytes, sheet: str | None) -> tuple[Cells, str]:
    _check_zip(path, raw)
    from openpyxl import load_workbook

    where = _Where(path, None)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise where.error(
            _(
                "the XLSX spreadsheet cannot be read ({reason}); save it again as XLSX or CSV"
            ).format(reason=type(exc).__name__)
        ) from exc
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            if not names:
                raise where.error(_("the spreadsheet has no sheets"))
            sheet = names[0]
        elif sheet not in names:
            raise where.error(
                _("there is no sheet '{sheet}'; its sheets: {names}").format(
                    sheet=sheet, names=", ".join(names)
                )
            )
        worksheet = workbook[sheet]
        where = _Where(path, sheet)
        rows: Cells = []
        for number, cells in enumerate(
            worksheet.iter_rows(min_row=1, min_col=1, max_col=_READ_COLUMNS), start=1
        ):
            texts = [
                _cell_text(cell.value, getattr(cell, "data_type", "n"), where, number, column)
                for column, cell in enumerate(cells, start=1)
            ]
            _add_row(rows, number, texts, where)
    except SheetError:
        raise
    except Exception as exc:  # a damaged sheet part
        raise where.error(
            _(
                "the XLSX spreadsheet cannot be read ({reason}); save it again as XLSX or CSV"
            ).format(reason=type(exc).__name__)
        ) from exc
    finally:
        workbook.close()
    return rows, sheet


# ------------------------------------------------------------------ the grid


def _formula_message() -> str:
    return _(
        "the cell holds a formula; type the text itself, or copy the sheet and paste the "
        "values only"
    )


def _too_many(where: _Where, row: int) -> SheetError:
    return where.error(
        _("a grid has at most {limit} questions; split it into more than one pack").format(
            limit=MAX_QUESTIONS
        ),
        row,
    )


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _grid(rows: Cells, where: _Where) -> Grid:
    filled = [(number, _trimmed(cells)) for number, cells in rows]
    filled = [(number, cells) for number, cells in filled if cells]
    if not filled:
        raise where.error(
            _(
                "the sheet is empty; put the options in the first row (from column B) and "
                "the questions in the first column (from row 2)"
            )
        )
    header_row, header = filled[0]
    options = header[1:]
    if len(options) < MIN_OPTIONS or len(options) > MAX_OPTIONS:
        raise where.error(
            ngettext(
                "the first row names {n} option (from column B); a grid has 2 to 6 "
                "options, one per column",
                "the first row names {n} options (from column B); a grid has 2 to 6 "
                "options, one per column",
                len(options),
            ).format(n=len(options)),
            header_row,
        )
    seen: dict[str, int] = {}
    for column, name in enumerate(options, start=2):
        if not name:
            raise where.error(
                _("the option has no name; name it or remove the column"), header_row, column
            )
        if len(name) > MAX_NAME_CHARS:
            raise where.error(
                _(
                    "the option's name is {n} characters; a column heading holds at most {limit}"
                ).format(n=len(name), limit=MAX_NAME_CHARS),
                header_row,
                column,
            )
        if name.casefold() in seen:
            raise where.error(
                _(
                    "the option '{name}' is also in column {other}; give each option its own name"
                ).format(name=name, other=column_name(seen[name.casefold()])),
                header_row,
                column,
            )
        seen[name.casefold()] = column
    if len(filled) == 1:
        raise where.error(
            _("there are no questions; put them in the first column, from row 2"), header_row + 1, 1
        )
    questions: list[str] = []
    answers: list[tuple[str, ...]] = []
    width = len(options) + 1
    for number, cells in filled[1:]:
        if not cells[0]:
            raise where.error(
                _("the row has answers but no question; write the question in column A"), number, 1
            )
        if len(cells) > width:
            raise where.error(
                _(
                    "the row has a cell after the last option (column {last}); every row has "
                    "one answer per option, no more"
                ).format(last=column_name(width)),
                number,
                width + 1,
            )
        padded = cells + [""] * (width - len(cells))
        for column, text in enumerate(padded, start=1):
            if not text:
                raise where.error(
                    _(
                        "the answer for '{option}' is missing; every option needs an answer to "
                        "every question"
                    ).format(option=options[column - 2]),
                    number,
                    column,
                )
            if len(text) > MAX_CELL_CHARS:
                raise where.error(
                    _(
                        "the cell holds {n} characters; a grid cell holds at most {limit} (one "
                        "or two sentences). Shorten it, and put the rest in the answer's "
                        "'detail' after the import"
                    ).format(n=len(text), limit=MAX_CELL_CHARS),
                    number,
                    column,
                )
        questions.append(padded[0])
        answers.append(tuple(padded[1:]))
    return Grid(tuple(options), tuple(questions), tuple(answers))


def read_grid(path: Path, sheet: str | None = None) -> Grid:
    """The grid of a .csv or .xlsx file (its first sheet, or ``sheet``).

    Raises :class:`SheetError` naming the file, the sheet, the row and the column.
    """
    suffix = path.suffix.lower()
    where = _Where(path, None)
    if suffix not in (".csv", ".xlsx"):
        raise where.error(_("expected a .csv or .xlsx spreadsheet; save the sheet as one of them"))
    try:
        size = path.stat().st_size
        if size > MAX_SHEET_BYTES:
            raise where.error(
                _("the file is {size} bytes; a grid's spreadsheet is at most {limit}").format(
                    size=size, limit=MAX_SHEET_BYTES
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise where.error(_("cannot read: {reason}").format(reason=exc.strerror or exc)) from exc
    if suffix == ".csv":
        if sheet is not None:
            raise where.error(_("a CSV file has one sheet; leave out --sheet"))
        return _grid(_csv_rows(path, raw), where)
    rows, name = _xlsx_rows(path, raw, sheet)
    return _grid(rows, _Where(path, name))
