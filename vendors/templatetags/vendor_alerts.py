from django import template

from vendors.models import Severity, SignalKind, VendorWatch

register = template.Library()


@register.inclusion_tag("vendors/partials/watch_button.html", takes_context=True)
def watch_button(context, vendor):
    """The Watch / Unwatch button for a vendor page (one query)."""
    user = context["request"].user
    watch = VendorWatch.objects.filter(user=user, vendor=vendor).first()
    return {
        "vendor": vendor,
        "csrf_token": context.get("csrf_token"),
        "can_watch": user.has_perms(["vendors.add_vendorwatch", "vendors.delete_vendorwatch"]),
        "watching": watch is not None,
        "watch": watch,
        "signal_kinds": SignalKind.choices,
        "severities": [*Severity.choices, ("off", "No signal alerts")],
    }
