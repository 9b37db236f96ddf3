"""Watching vendors and reading one's own notifications."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from common.pages import RolePermissionMixin
from vendors.models import Notification, Vendor, VendorWatch


class NotificationListView(RolePermissionMixin, ListView):
    """The signed-in user's notifications, newest first (2 queries: count and page)."""

    permission_required = "vendors.view_notification"
    template_name = "vendors/notifications.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)


class NotificationReadView(RolePermissionMixin, View):
    """Mark one notification as read, then go back to the list or on to what it is about."""

    permission_required = "vendors.change_notification"

    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        target = reverse("vendors:notifications")
        if request.POST.get("open") and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts=None, require_https=False
        ):
            target = notification.url or target
        return redirect(target)


class NotificationReadAllView(RolePermissionMixin, View):
    permission_required = "vendors.change_notification"

    def post(self, request):
        count = Notification.objects.filter(user=request.user).unread().update(read_at=timezone.now())
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        return redirect("vendors:notifications")


class VendorWatchView(RolePermissionMixin, View):
    """Start (watch=1) or stop watching a vendor."""

    permission_required = ("vendors.view_vendor", "vendors.add_vendorwatch", "vendors.delete_vendorwatch")

    def post(self, request, slug):
        vendor = get_object_or_404(Vendor, slug=slug)
        if request.POST.get("rule") == "1":
            watch, _ = VendorWatch.objects.get_or_create(user=request.user, vendor=vendor)
            try:
                watch.set_signal_rule(
                    request.POST.getlist("signal_kinds"), request.POST.get("signal_min_severity", "")
                )
            except ValueError as error:
                messages.error(request, str(error))
            else:
                watch.save()
                messages.success(request, f"Your signal alerts for {vendor.name} are saved.")
            return redirect(vendor.get_absolute_url() + "#signals")
        if request.POST.get("watch") == "1":
            VendorWatch.objects.get_or_create(user=request.user, vendor=vendor)
            messages.success(
                request,
                f"You now watch {vendor.name}: you will be told when its roadmap slips, and of its "
                "high and critical signals (change that under Watching).",
            )
        else:
            VendorWatch.objects.filter(user=request.user, vendor=vendor).delete()
            messages.success(request, f"You no longer watch {vendor.name}.")
        return redirect(vendor)
