"""A first draft of a grid from a CSV or XLSX spreadsheet, and clear errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from decision_aid.authoring.sheet import MAX_CELL_CHARS, SheetError, column_name, read_grid

HEADER = ["Question", "Exercise", "Surgery", "Wait and see"]
ROWS = [
    ["What does it involve?", "Classes for 6 weeks.", "An operation.", "Nothing now."],
    ["How long to get better?", "No time off.", "About 3 months.", "It does not apply."],
]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Grid") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_grid(tmp_path: Path, delimiter: str) -> None:
    grid = read_grid(write_csv(tmp_path / "grid.csv", [HEADER, *ROWS], delimiter))
    assert grid.options == ("Exercise", "Surgery", "Wait and see")
    assert grid.questions == ("What does it involve?", "How long to get better?")
    assert grid.answers[1] == ("No time off.", "About 3 months.", "It does not apply.")


def test_an_xlsx_grid_with_numbers_and_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ROWS[0], [], ["How many feel sick?", 10, 2.0, 0.5]]
    grid = read_grid(write_xlsx(tmp_path / "grid.xlsx", rows))
    assert grid.questions == ("What does it involve?", "How many feel sick?")
    assert grid.answers[1] == ("10", "2", "0.5")


def test_a_named_sheet(tmp_path: Path) -> None:
    path = tmp_path / "grid.xlsx"
    workbook = Workbook()
    workbook.active.title = "Notes"
    other = workbook.create_sheet("Grid")
    for row in [HEADER, *ROWS]:
        other.append(row)
    workbook.save(path)
    assert read_grid(path, "Grid").options == ("Exercise", "Surgery", "Wait and see")
    with pytest.raises(SheetError, match="there is no sheet 'Grids'; its sheets: Notes, Grid"):
        read_grid(path, "Grids")


def test_column_names() -> None:
    assert [column_name(n) for n in (1, 2, 26, 27, 52)] == ["A", "B", "Z", "AA", "AZ"]


@pytest.mark.parametrize(
    ("rows", "where", "message"),
    [
        ([], "", "the sheet is empty"),
        ([["", ""], ["", ""]], "", "the sheet is empty"),
        ([["Question", "Only one"], ["Q?", "A."]], ", row 1", "names 1 option "),
        ([HEADER], ", row 2, column A", "there are no questions"),
        ([HEADER, ROWS[0], ROWS[1][:3]], ", row 3, column D", "the answer for 'Wait and see'"),
        ([HEADER, ROWS[0], [*ROWS[1], "extra"]], ", row 3, column E", "after the last option"),
        ([HEADER, ["", "a", "b", "c"]], ", row 2, column A", "no question"),
        ([["Q", "Same", "same"], ["Q?", "a", "b"]], ", row 1, column C", "also in column B"),
        ([["Q", "A", "", "C"], ["Q?", "a", "b", "c"]], ", row 1, column C", "has no name"),
        (
            [HEADER, [ROWS[0][0], "x" * (MAX_CELL_CHARS + 1), "b", "c"]],
            ", row 2, column B",
            "holds 1001 characters",
        ),
    ],
)
def test_bad_grids_are_named_by_row_and_column(
    tmp_path: Path, rows: list[list[str]], where: str, message: str
) -> None:
    csv_path = write_csv(tmp_path / "grid.csv", rows)
    with pytest.raises(SheetError) as caught:
        read_grid(csv_path)
    assert caught.value.where == f"{csv_path}{where}"
    assert message in caught.value.message
    xlsx_path = write_xlsx(tmp_path / "grid.xlsx", [list(r) for r in rows])
    with pytest.raises(SheetError) as caught:
        read_grid(xlsx_path)
    assert caught.value.where == f"{xlsx_path}, sheet 'Grid'{where}"
    assert message in caught.value.message


def test_a_formula_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "grid.xlsx", [HEADER, [ROWS[0][0], '=B1&" classes"', "b", "c"]])
    with pytest.raises(SheetError) as caught:
        read_grid(path)
    assert caught.value.where == f"{path}, sheet 'Grid', row 2, column B"
    assert "holds a formula; type the text itself" in caught.value.message
    csv_path = write_csv(tmp_path / "grid.csv", [HEADER, [ROWS[0][0], "a", "=1+1", "c"]])
    with pytest.raises(SheetError, match="holds a formula") as caught:
        read_grid(csv_path)
    assert caught.value.where == f"{csv_path}, row 2, column C"


@pytest.mark.parametrize("name", ["grid.xlsx", "grid.csv"])
def test_a_binary_that_is_not_a_spreadsheet(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(SheetError) as caught:
        read_grid(path)
    assert caught.value.where == str(path)
    assert "not a" in caught.value.message
    assert "save the sheet as" in caught.value.message


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "grid.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(SheetError, match="it has no workbook"):
        read_grid(path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "grid.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 1024 * 1024))
    with pytest.raises(SheetError, match="unpacks to more than 64 MB"):
        read_grid(path)


def test_other_files_and_encodings(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match=r"expected a \.csv or \.xlsx"):
        read_grid(tmp_path / "grid.ods")
    latin = tmp_path / "grid.csv"
    latin.write_bytes("Question,Caf\xe9,Th\xe9\nQ?,a,b\n".encode("latin-1"))
    with pytest.raises(SheetError, match="not UTF-8 text"):
        read_grid(latin)
    with pytest.raises(SheetError, match="cannot read"):
        read_grid(tmp_path / "missing.csv")
