"""The chart partial's Python parts (common/templatetags/chart_parts.py) write what the template
code they replace wrote: the same escaping, so a vendor named ``</script>`` stays text."""

import datetime

from django.template import Context, Template

ROWS = (
    ('Ardmoor <b>&</b> "Sons"', "12.5 %", "–"),
    ("</script><script>alert(1)</script>", 3, None),
    ("Čokolada d'Or", 0.1, datetime.date(2026, 12, 4)),
)
PAYLOAD = {
    "data": [{"name": "</script><!--", "x": [1, 2.5, None], "text": ["a & b", "<i>", "'q'"]}],
    "layout": {"title": {"text": "R&D > 10 %"}},
    "when": datetime.date(2026, 12, 4),
}


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_table_rows_are_those_of_the_template_loop():
    loop = "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}"
    tag = "{% load chart_parts %}{% chart_table_rows rows %}"
    assert render(tag, rows=ROWS) == render(loop, rows=ROWS)
    assert "&lt;/script&gt;" in render(tag, rows=ROWS)


def test_the_figure_script_is_that_of_json_script():
    ours = render("{% load chart_parts %}{{ payload|chart_json_script:'chart-x-data' }}", payload=PAYLOAD)
    django = render("{{ payload|json_script:'chart-x-data' }}", payload=PAYLOAD)
    assert ours == django
    assert "</script><!--" not in ours.removesuffix("</script>")
