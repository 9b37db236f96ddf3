from django import template

from vendors.models import Signal, VendorAlias

register = template.Library()
TIMELINE_LENGTH = 50


@register.inclusion_tag("vendors/signals/timeline.html", takes_context=True)
def signal_timeline(context, vendor):
    """The vendor page's signals section: the newest signals and the names feeds use (two queries)."""
    user = context["request"].user
    signals = list(Signal.objects.filter(vendor=vendor).select_related("product")[: TIMELINE_LENGTH + 1])
    return {
        "vendor": vendor,
        "signals": signals[:TIMELINE_LENGTH],
        "more": len(signals) > TIMELINE_LENGTH,
        "aliases": list(VendorAlias.objects.filter(vendor=vendor).values_list("name", flat=True)),
        "csrf_token": context.get("csrf_token"),
        "can_review": user.has_perm("vendors.change_signal"),
    }
