"""CSV and XLSX of any table shown, cells that a spreadsheet would run as a formula escaped."""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font

from relais.utils.spreadsheets import safe_cell as escape

_INTEGER = re.compile(r"^\d{1,3}(?:[\u202f\u00a0 ]?\d{3})*$")
_DECIMAL = re.compile(r"^\d+,\d+$")


def _typed(text):
    """Numbers shown on the page become numbers in the spreadsheet; marks such as « < 11 » stay text."""
    if not isinstance(text, str):
        return text
    if _INTEGER.match(text):
        return int(re.sub(r"\D", "", text))
    if _DECIMAL.match(text):
        return float(text.replace(",", "."))
    return text


def table_rows(table: dict) -> list[list]:
    header = [table["dimension_label"]] + [f"{c['label']} ({c['unit']})" for c in table["columns"]]
    rows = [header] + [[r["label"], *r["cells"]] for r in table["rows"]]
    if table.get("total"):
        rows.append([table["total"]["label"], *table["total"]["cells"]])
    return [[escape(_typed(cell)) for cell in row] for row in rows]


def to_csv(table: dict, *, preamble: list[str] = ()) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in preamble:
        writer.writerow([escape(line)])
    for row in table_rows(table):
        writer.writerow([str(c).replace(".", ",") if isinstance(c, float) else c for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: dict, *, preamble: list[str] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table["id"][:31]
    for line in preamble:
        sheet.append([escape(line)])
    first = len(preamble) + 1
    for row in table_rows(table):
        sheet.append(row)
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
