"""The shared CSV and XLSX exports: what Excel needs, and no formula ever runs from a cell."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from concerto.core.exports import Sheet, csv_content, neutralise, xlsx_content

HOSTILE = ["=1+1", "+33 2 555", "-2", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://x")']


def test_cells_that_would_start_a_formula_are_neutralised_in_csv_and_xlsx():
    rows = [["Reason", "Count"], *[[text, 3] for text in HOSTILE], ["Grève", -4]]

    read = list(csv.reader(io.StringIO(csv_content(rows).decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in read[1:-1]] == [f"'{text}" for text in HOSTILE]
    assert read[-1] == ["Grève", "-4"]  # plain texts and numbers (negative ones too) stay as they are

    sheet = load_workbook(io.BytesIO(xlsx_content([Sheet("Reasons", rows)]))).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    # (XLSX keeps line ends as "\n": a carriage return reads back as one.)
    assert [row[0].replace("\n", "\r") for row in cells[:-1]] == [f"'{text}" for text in HOSTILE]
    assert all(sheet.cell(row=index, column=1).data_type == "s" for index in range(2, len(rows) + 1))
    assert cells[-1] == ("Grève", -4)
    assert neutralise(None) is None


def test_csv_has_the_byte_order_mark_semicolons_and_crlf_excel_expects():
    content = csv_content([["Année", "Heures"], [2026, 9.5]])
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == "Année;Heures\r\n2026;9.5\r\n"


def test_sheet_titles_are_made_valid_and_unique():
    sheets = [Sheet("By unit: A/B", [["x"]]), Sheet("By unit: A/B", [["y"]]), Sheet("x" * 40, [["z"]])]
    workbook = load_workbook(io.BytesIO(xlsx_content(sheets)))
    assert workbook.sheetnames == ["By unit  A B", "By unit  A B 2", "x" * 31]
