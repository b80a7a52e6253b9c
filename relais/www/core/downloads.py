"""File answers: every download of the interface (CSV, spreadsheet, JSON, PDF) is built here."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

from relais.utils.spreadsheets import safe_cell

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download(content: str | bytes, *, filename: str) -> HttpResponse:
    """An attachment of a file already written (by the layer that owns its format), typed by its extension."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    # A number is never a formula; any other value is text a spreadsheet must not run (« +70 places »).
    if isinstance(value, int | float):
        return value
    return safe_cell("" if value is None else str(value))


def csv_download(rows: Iterable[Iterable], *, filename: str) -> HttpResponse:
    """Rows as a CSV for spreadsheets: `;`-separated, UTF-8 with a BOM so that accents read right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([_cell(value) for value in row] for row in rows)
    return download("\ufeff" + buffer.getvalue(), filename=filename)
