from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.premises.enums import (
    OPENABLE,
    PREMISES_READERS,
    TRANSITIONS,
    ProposalStatus,
    Transition,
)
from relais.premises.filters import ProposalFilter
from relais.premises.models import PremisesBlocker, PremisesDocument, PremisesProposal, PremisesReview
from relais.premises.services import (
    blocker_record,
    blocker_resolve,
    document_attach,
    expected_reviewers,
    proposal_open,
    proposal_set_deadline,
    proposal_submit,
    proposal_transition,
    proposal_update,
    review_give,
    review_state,
)
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core.services import flash_submit, submit
from relais.www.premises.forms import (
    BlockerForm,
    DeadlineForm,
    DocumentForm,
    OpenForm,
    ProposalForm,
    ReviewForm,
    TransitionForm,
)

READERS = tuple(PREMISES_READERS)
REVIEWS = Prefetch("reviews", queryset=PremisesReview.objects.select_related("organization"))


def _proposal(pk, *, lock_perm=None, request=None):
    proposal = get_object_or_404(PremisesProposal.objects.select_related("proposed_by", "structure"), pk=pk)
    if lock_perm and not request.user.has_perm(lock_perm, proposal):
        raise PermissionDenied
    return proposal


@require_roles(*READERS)
def proposal_list(request):
    """The pipeline: every proposal with its step, the opinions given and the overdue ones flagged."""
    today = timezone.localdate()
    reviewers = expected_reviewers()
    proposals = (
        PremisesProposal.objects.select_related("proposed_by", "structure")
        .with_review_state(today, len(reviewers))
        .prefetch_related(REVIEWS)
        .order_by("-is_overdue", "-proposed_on", "-pk")
    )
    filters = ProposalFilter(request.GET, queryset=proposals, request=request)
    organization = request.user.organization
    rows = [{"proposal": p, **review_state(p, reviewers, today)} for p in filters.qs]
    counts = dict(PremisesProposal.objects.order_by().values_list("status").annotate(n=Count("pk")))
    my_overdue = [r for r in rows if r["overdue"] and organization in r["missing"]]
    return render(
        request,
        "premises/proposal_list.html",
        {
            "rows": rows,
            "steps": [(value, label, counts.get(value, 0)) for value, label in ProposalStatus.choices],
            "selected": {
                "status": filters.valid_value("etape"),
                "overdue": filters.valid_value("en_retard"),
                "mine": filters.valid_value("mes"),
            },
            "overdue_count": sum(1 for r in rows if r["overdue"]),
            "my_overdue": my_overdue,
            "can_propose": request.user.has_perm("premises.propose"),
        },
    )


@require_roles(Role.VILLE)
def proposal_create(request):
    form = ProposalForm(request.POST or None)
    proposal = submit(form, lambda: proposal_submit(by=request.user, data=form.cleaned_data))
    if proposal is not None:
        messages.success(
            request,
            f"Proposition enregistrée. Les avis de l'État sont attendus avant le {proposal.response_due_on:%d/%m/%Y}.",
        )
        return redirect("premises:proposal_detail", pk=proposal.pk)
    return render(request, "premises/proposal_form.html", {"form": form, "proposal": None})


@require_roles(Role.VILLE)
def proposal_edit(request, pk):
    proposal = _proposal(pk)
    if not request.user.has_perm("premises.edit_proposal", proposal):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, instance=PremisesProposal.objects.get(pk=proposal.pk))
    if submit(form, lambda: proposal_update(proposal=proposal, data=form.cleaned_data)):
        messages.success(request, "Les modifications ont été enregistrées.")
        return redirect("premises:proposal_detail", pk=proposal.pk)
    return render(request, "premises/proposal_form.html", {"form": form, "proposal": proposal})


@require_roles(*READERS)
def proposal_detail(request, pk):
    today = timezone.localdate()
    proposal = get_object_or_404(
        PremisesProposal.objects.select_related("proposed_by", "structure", "created_by").prefetch_related(REVIEWS),
        pk=pk,
    )
    reviewers = expected_reviewers()
    state = review_state(proposal, reviewers, today)
    user = request.user
    organization = user.organization
    can_review = (
        user.has_perm("premises.review")
        and proposal.awaits_review
        and organization.pk not in {r.organization_id for r in state["given"]}
    )
    can_move = user.has_perm("premises.move")
    transitions = [
        (value, label) for value, label in Transition.choices if proposal.status in TRANSITIONS[Transition(value)][0]
    ]
    return render(
        request,
        "premises/proposal_detail.html",
        {
            "proposal": proposal,
            **state,
            "can_review": can_review,
            "can_edit": user.has_perm("premises.edit_proposal", proposal),
            "can_move": can_move,
            "can_document": user.has_perm("premises.document", proposal),
            "can_record_blocker": user.has_perm("premises.record_blocker", proposal),
            "can_open": can_move and proposal.status in OPENABLE,
            "transitions": transitions,
            "review_form": ReviewForm(),
            "transition_form": TransitionForm(transitions=transitions),
            "deadline_form": DeadlineForm(initial={"response_days": proposal.response_days}),
            "document_form": DocumentForm(),
            "blocker_form": BlockerForm(),
            "documents": proposal.documents.select_related("uploaded_by"),
            "blockers": proposal.blockers.select_related("raised_by"),
            "history": LogEntry.objects.get_for_object(proposal).select_related("actor")[:30],
        },
    )


@require_roles(Role.COORDINATION, Role.COMITE, Role.POLICE)
@require_POST
def review_create(request, pk):
    proposal = _proposal(pk)
    if not request.user.has_perm("premises.review"):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    review = flash_submit(
        request, lambda: review_give(proposal=proposal, by=request.user, **form.cleaned_data), form=form
    )
    if review is not None:
        messages.success(request, f"Avis de {review.organization} enregistré : {review.get_opinion_display()}.")
    return redirect("premises:proposal_detail", pk=proposal.pk)


@require_roles(Role.COORDINATION)
@require_POST
def proposal_move(request, pk):
    proposal = _proposal(pk)
    form = TransitionForm(request.POST)
    moved = flash_submit(request, lambda: proposal_transition(proposal=proposal, **form.cleaned_data), form=form)
    if moved is not None:
        messages.success(request, f"La proposition est maintenant à l'étape « {moved.get_status_display()} ».")
    return redirect("premises:proposal_detail", pk=proposal.pk)


@require_roles(Role.COORDINATION)
@require_POST
def proposal_deadline(request, pk):
    proposal = _proposal(pk)
    form = DeadlineForm(request.POST)
    changed = flash_submit(request, lambda: proposal_set_deadline(proposal=proposal, **form.cleaned_data), form=form)
    if changed is not None:
        messages.success(request, f"Avis attendus avant le {changed.response_due_on:%d/%m/%Y}.")
    return redirect("premises:proposal_detail", pk=proposal.pk)


@require_roles(Role.COORDINATION)
def proposal_open_view(request, pk):
    proposal = _proposal(pk)
    form = OpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    structure = submit(form, lambda: proposal_open(proposal=proposal, **form.cleaned_data))
    if structure is not None:
        messages.success(request, f"Les locaux sont ouverts : la structure « {structure.name} » figure au registre.")
        return redirect("registry:structure_detail", pk=structure.pk)
    return render(request, "premises/proposal_open.html", {"form": form, "proposal": proposal})


@require_roles(Role.COORDINATION, Role.VILLE)
@require_POST
def document_upload(request, pk):
    proposal = _proposal(pk, lock_perm="premises.document", request=request)
    form = DocumentForm(request.POST, request.FILES)
    document = flash_submit(
        request,
        lambda: document_attach(
            proposal=proposal, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], by=request.user
        ),
        form=form,
    )
    if document is not None:
        messages.success(request, f"Document « {document} » déposé.")
    return redirect("premises:proposal_detail", pk=proposal.pk)


@require_roles(*READERS)
def document_download(request, pk):
    """Files live outside the web root; this view is the only way to them, for the pipeline's readers."""
    document = get_object_or_404(PremisesDocument, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=document.content_type, as_attachment=True, filename=document.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_roles(Role.COORDINATION, Role.VILLE)
@require_POST
def blocker_create(request, pk):
    proposal = _proposal(pk, lock_perm="premises.record_blocker", request=request)
    form = BlockerForm(request.POST)
    if flash_submit(
        request, lambda: blocker_record(proposal=proposal, by=request.user, **form.cleaned_data), form=form
    ):
        messages.success(request, "Blocage enregistré.")
    return redirect("premises:proposal_detail", pk=proposal.pk)


@require_roles(Role.COORDINATION, Role.VILLE)
@require_POST
def blocker_resolve_view(request, pk):
    blocker = get_object_or_404(PremisesBlocker.objects.select_related("proposal"), pk=pk)
    if not request.user.has_perm("premises.record_blocker", blocker.proposal):
        raise PermissionDenied
    if flash_submit(request, lambda: blocker_resolve(blocker=blocker)):
        messages.success(request, "Blocage levé.")
    return redirect("premises:proposal_detail", pk=blocker.proposal_id)
