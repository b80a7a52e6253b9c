"""The tagged PDF (PDF/UA-1) of a situation report, drawn from its snapshot only."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

PDF_CSS = "relais/report-pdf.css"


def report_pdf(*, snapshot: dict, title: str) -> bytes:
    html = render_to_string("reports/report_pdf.html", {"snapshot": snapshot, "title": title, "frozen": True})
    stylesheet = CSS(filename=finders.find(PDF_CSS))
    return HTML(string=html, base_url=None).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
