"""``{% load numbers %}``: the formats of ``common.numbers`` as template filters.

``{{ share|percent }}`` → "20.0 %", ``{{ total|score }}`` → "0.932",
``{{ amount|money:contract.currency }}`` → "12,500,000 EUR", ``{{ trend|points }}`` → "+1.2 pp/yr".
"""

from django import template

from common import numbers

register = template.Library()
register.filter("percent", numbers.percent)
register.filter("score", numbers.score)
register.filter("money", numbers.money)
register.filter("points", numbers.points)
