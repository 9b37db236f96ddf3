"""The two heavy parts of ``partials/chart.html``, written in Python: a dashboard has five charts
with 50-row tables and about 70 KB of figure JSON, and Django's template loop over every cell
and ``json_script``'s per-character ``str.translate`` were a fifth of a cold dashboard's time.
Both give the same HTML as the template code they replace (tests/test_chart_parts.py)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import render_value_in_context
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def chart_json_script(value, element_id: str):
    """``value|json_script:element_id``, with the three escapes done by ``str.replace``."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    text = text.replace(">", "\\u003E").replace("<", "\\u003C").replace("&", "\\u0026")
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308 - escaped above, as json_script does


@register.simple_tag(takes_context=True)
def chart_table_rows(context, rows):
    """``{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}``.

    The cells are text nearly always (the charts format their own numbers): escaped as ``{{ cell }}``
    escapes text; anything else goes the template's way (localised, then escaped)."""

    def cell_html(cell) -> str:
        return escape(cell) if type(cell) is str else render_value_in_context(cell, context)

    return mark_safe(  # noqa: S308 - every cell escaped, as {{ cell }} is
        "".join("<tr>" + "".join(f"<td>{cell_html(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    )
