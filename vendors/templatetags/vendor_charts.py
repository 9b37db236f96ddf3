"""The vendor page's charts, each rendered once per distinct chart and process.

``partials/chart.html`` puts a chart's figure on the page as JSON (``json_script``: the
figure parsed, re-encoded and escaped, about a tenth of the vendor page's time). The charts
themselves are memoised by their inputs (engine/charts/memo.py), so the same chart comes back
request after request; its HTML is kept here under a digest of every field the partial reads,
so a changed chart is another key and a hit is never stale.
"""

import json

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from engine.memo import LruCache, input_key

register = template.Library()

RENDERED: LruCache[str] = LruCache(64, namespace="vendors.chart_html")


@register.simple_tag
def vendor_chart(chart) -> SafeString:
    """``{% include "partials/chart.html" %}`` for ``chart``, the same HTML."""
    key = input_key(
        chart.key,
        chart.title,
        chart.summary,
        chart.columns,
        chart.rows,
        chart.empty,
        chart.link,
        json.dumps(chart.narrow, default=str),
        "" if chart.empty else chart.figure.to_json(),
    )
    html = RENDERED.get(key)
    if html is None:
        html = render_to_string("partials/chart.html", {"chart": chart})
        RENDERED.put(key, str(html))
    return mark_safe(html)  # noqa: S308 - the partial's own output, escaped where it renders
