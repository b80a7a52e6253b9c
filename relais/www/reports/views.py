from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.governance.models import Meeting
from relais.reports.communique import trace
from relais.reports.meeting_pack import communique_docx, meeting_pack_docx, meeting_pack_pdf
from relais.reports.meeting_pack import meeting_pack as build_meeting_pack
from relais.reports.models import CapacityQuote, SituationReport
from relais.reports.services import capacity_quote_withdraw, communique_revise, situation_report_generate
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core.downloads import download
from relais.www.core.services import flash_submit, submit
from relais.www.dashboards.views import FORMATS
from relais.www.reports.forms import CommuniqueForm, GenerateForm

READERS = (Role.COMITE, Role.COORDINATION)


def _report(pk):
    return get_object_or_404(SituationReport.objects.select_related("created_by", "organization"), pk=pk)


@require_roles(*READERS)
def report_list(request):
    return render(
        request,
        "reports/list.html",
        {
            "reports": SituationReport.objects.select_related("created_by", "organization").defer("pdf", "snapshot"),
            "form": GenerateForm(),
            "can_generate": request.user.has_perm("reports.generate_situation_report"),
            "quotes": CapacityQuote.objects.filter(meeting_date__gte=timezone.localdate()).select_related(
                "created_by", "organization"
            ),
            "can_quote": request.user.has_perm("reports.quote_capacity"),
        },
    )


@require_roles(Role.COORDINATION)
@require_POST
def quote_withdraw(request, pk):
    quote = get_object_or_404(CapacityQuote, pk=pk)
    if flash_submit(request, lambda: capacity_quote_withdraw(quote=quote)) is not None:
        messages.success(request, "La réponse citée est retirée du point de situation en préparation.")
    return redirect("reports:list")


@require_roles(*READERS)
@require_POST
def generate(request):
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Le point de situation n'a pas été généré : " + form.errors["meeting_date"][0])
        return redirect("reports:list")
    report = flash_submit(
        request, lambda: situation_report_generate(meeting_date=form.cleaned_data["meeting_date"], by=request.user)
    )
    if report is None:
        return redirect("reports:list")
    messages.success(
        request, "Le point de situation est généré et figé ; son PDF et le projet de communiqué sont prêts."
    )
    return redirect("reports:detail", pk=report.pk)


@require_roles(*READERS)
def detail(request, pk):
    report = _report(pk)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "snapshot": report.snapshot,
            "frozen": True,
            "export_url": reverse("reports:detail", args=[report.pk]) + "export/",
        },
    )


@require_roles(*READERS)
def pdf(request, pk):
    report = _report(pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="point-de-situation-{report.meeting_date.isoformat()}.pdf"'
    return response


@require_roles(*READERS)
def export(request, pk, table_id, fmt):
    """A table of the frozen report, as it was presented (from the snapshot, never recomputed)."""
    report = _report(pk)
    table = next((t for t in report.snapshot["tables"] if t["id"] == table_id), None)
    if table is None or fmt not in FORMATS:
        raise Http404
    preamble = [report.title, f"Chiffres arrêtés au {report.snapshot['as_of_label']}", table["title"]]
    filename = f"point-de-situation-{report.meeting_date.isoformat()}-{table_id}.{fmt}"
    return download(FORMATS[fmt](table, preamble=preamble), filename=filename)


@require_roles(*READERS)
def communique(request, pk):
    report = _report(pk)
    drafts = list(report.drafts.select_related("created_by", "organization"))
    version = request.GET.get("version", "")
    draft = next((d for d in drafts if str(d.version) == version), drafts[0] if drafts else None)
    can_edit = request.user.has_perm("reports.edit_communique", report)
    form = CommuniqueForm(initial={"text": draft.text if draft else ""})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = CommuniqueForm(request.POST)
        new = submit(form, lambda: communique_revise(report=report, text=form.cleaned_data["text"], by=request.user))
        if new is not None:
            messages.success(request, f"Version {new.version} du communiqué enregistrée.")
            return redirect("reports:communique", pk=report.pk)
    return render(
        request,
        "reports/communique.html",
        {
            "report": report,
            "draft": draft,
            "drafts": drafts,
            "traced": trace(draft.text, report.snapshot) if draft else None,
            "form": form,
            "can_edit": can_edit,
            "definitions": report.snapshot["definitions"],
        },
    )


@require_roles(*READERS)
def meeting_pack(request, pk, fmt):
    """The meeting pack of a comité, generated from the records: a tagged PDF or an editable DOCX."""
    meeting = get_object_or_404(Meeting.objects.select_related("previous"), pk=pk)
    writers = {"pdf": meeting_pack_pdf, "docx": meeting_pack_docx}
    if fmt not in writers:
        raise Http404
    pack = build_meeting_pack(meeting, timezone.localdate())
    return download(writers[fmt](pack), filename=f"dossier-de-seance-{meeting.pk}.{fmt}")


@require_roles(*READERS)
def communique_download(request, pk):
    """A version of the communiqué draft (the latest by default) as an editable DOCX."""
    report = _report(pk)
    version = request.GET.get("version", "")
    drafts = report.drafts.order_by("-version")
    draft = (drafts.filter(version=version).first() if version.isdigit() else None) or drafts.first()
    if draft is None:
        raise Http404
    content = communique_docx(title=f"Communiqué — {report.title} (version {draft.version})", text=draft.text)
    return download(content, filename=f"communique-{report.pk}-v{draft.version}.docx")
