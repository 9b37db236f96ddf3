"""The review queue of unmatched feed entries, confirming or dismissing a signal, importing a feed file."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from common.jobs import JobStatus
from common.pages import RolePermissionMixin
from vendors.models import Signal, SignalSource, Vendor
from vendors.signals import review
from vendors.signals.forms import IgnoreNameForm, ResolveNameForm, SignalImportForm, SignalReviewForm
from vendors.signals.tasks import start_upload


class ReviewQueueView(RolePermissionMixin, TemplateView):
    """Entries that matched no vendor or several, one line per name (three queries)."""

    permission_required = "vendors.change_unmatchedentry"
    template_name = "vendors/signals/review_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = list(review.waiting_names())
        sources = dict(SignalSource.choices)
        for row in names:
            row["source_label"] = sources.get(row["source"], row["source"])
        context["names"] = names
        context["vendors"] = list(Vendor.objects.only("pk", "name"))
        return context


class ResolveNameView(RolePermissionMixin, View):
    """Give every waiting entry under one name to a vendor (and keep the name as its alias)."""

    permission_required = "vendors.change_unmatchedentry"

    def post(self, request):
        form = ResolveNameForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("vendors:signal_review_queue")
        data = form.cleaned_data
        report = review.resolve_name(
            data["source"], data["vendor_name"], data["vendor"], request.user, remember=data["remember"]
        )
        messages.success(
            request,
            f"{report.added} signal{'s' if report.added != 1 else ''} saved for {data['vendor'].name}"
            + (f"; “{data['vendor_name']}” is now one of its aliases." if data["remember"] else "."),
        )
        return redirect("vendors:signal_review_queue")


class IgnoreNameView(RolePermissionMixin, View):
    """Not a vendor we track: close its waiting entries; later imports skip the name."""

    permission_required = "vendors.change_unmatchedentry"

    def post(self, request):
        form = IgnoreNameForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("vendors:signal_review_queue")
        closed = review.ignore_name(
            form.cleaned_data["source"], form.cleaned_data["vendor_name"], request.user
        )
        messages.success(request, f"“{form.cleaned_data['vendor_name']}” ignored ({closed} entries closed).")
        return redirect("vendors:signal_review_queue")


class SignalReviewView(RolePermissionMixin, View):
    """Confirm a signal, or dismiss it with a reason; back to the vendor's timeline."""

    permission_required = "vendors.change_signal"

    def post(self, request, pk):
        signal = get_object_or_404(Signal.objects.select_related("vendor"), pk=pk)
        form = SignalReviewForm(request.POST)
        if form.is_valid():
            signal.review(form.cleaned_data["status"], form.cleaned_data["reason"], request.user)
            messages.success(request, f"Signal “{signal.title}” {signal.get_status_display().lower()}.")
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(signal.vendor.get_absolute_url() + "#signals")


class SignalImportView(RolePermissionMixin, FormView):
    """Upload a published feed file (KEV, NVD, RSS/Atom); a background job imports it, all of it or
    nothing, and its page shows the progress and the outcome. Signals are the system's to add
    (``add_signal``: administrators); the editors work the review queue it fills."""

    permission_required = "vendors.add_signal"
    form_class = SignalImportForm
    template_name = "vendors/signals/import.html"

    def form_valid(self, form):
        data = form.cleaned_data
        kind = data["kind"] or "news"
        job = start_upload(
            data["source"], data["file"], kind=kind, vendor=data["vendor"], owner=self.request.user
        )
        if job.status == JobStatus.SUCCEEDED:
            messages.success(self.request, job.message)
        elif job.status == JobStatus.FAILED:
            messages.error(self.request, job.error)
        return redirect(job)
