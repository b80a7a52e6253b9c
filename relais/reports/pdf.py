"""The tagged PDF (PDF/UA-1) of a situation report, drawn from its snapshot only.

A comité reads a printed table of a few dozen rows, not 2,807 communes over a hundred pages: a table
longer than `PRINTED_ROWS` is printed with its leading rows (the largest values of the column its chart
draws) and a note saying how many rows it has and where they all are (the report's page and its CSV and
XLSX exports, drawn from the same snapshot). Its total still counts every row. The snapshot itself keeps
every row: only the print is shorter.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

PDF_CSS = "relais/report-pdf.css"
# One printed page: every table of Paris (20 arrondissements) is printed whole; the tables by commune,
# structure, site or organisation of a regional or national network are cut.
PRINTED_ROWS = 30


def report_pdf(*, snapshot: dict, title: str) -> bytes:
    stylesheet = CSS(filename=finders.find(PDF_CSS))
    html = report_html(snapshot=snapshot, title=title)
    return HTML(string=html, base_url=None).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def report_html(*, snapshot: dict, title: str) -> str:
    """The page that WeasyPrint prints: on paper (`paper`), each table's bar chart is drawn in its rows."""
    context = {"snapshot": printed(snapshot), "title": title, "frozen": True, "paper": True}
    return render_to_string("reports/report_pdf.html", context)


def printed(snapshot: dict) -> dict:
    """The snapshot as the PDF prints it: each table of more than `PRINTED_ROWS` rows cut to its leading ones."""
    return {**snapshot, "tables": [leading_rows(table) for table in snapshot.get("tables", [])]}


def leading_rows(table: dict, limit: int = PRINTED_ROWS) -> dict:
    """`table` with its `limit` rows of largest first-column value, largest first (the rows of its chart,
    hidden values last, ties in the table's order), or its first `limit` rows when it has no chart of one
    bar per row; `printed` says how many rows of how many, and ordered by which column."""
    rows = table.get("rows") or []
    if len(rows) <= limit:
        return table
    chart = table.get("chart") or {}
    items = chart.get("items") or []
    cut = {**table, "printed": {"shown": limit, "of": len(rows), "by": ""}}
    if len(items) != len(rows) or not table.get("columns"):
        cut["rows"] = rows[:limit]
        return cut
    order = sorted(range(len(rows)), key=lambda i: (items[i][1] is None, -(items[i][1] or 0), i))[:limit]
    markers = chart.get("markers")
    cut["rows"] = [rows[i] for i in order]
    cut["chart"] = {
        **chart,
        "items": [items[i] for i in order],
        "markers": [markers[i] for i in order] if markers else markers,
    }
    cut["printed"]["by"] = table["columns"][0]["label"]
    cut["chart_caption"] = (
        f"{table.get('chart_caption', '').rstrip('.')} : les {limit} plus fortes valeurs sur {len(rows)}."
    )
    return cut
