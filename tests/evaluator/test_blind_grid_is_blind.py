"""Issue 12, finding 2: a blind evaluator cannot tell which candidate is which.

The grid's form fields carried vendor ids (which /api/vendors/ turns into names) and the label
order was a SHA-256 of the evaluation id and vendor id, which anyone could recompute. Now blind
form fields carry opaque per-evaluation tokens and the order is keyed by a random secret stored
with the evaluation.
"""

import hashlib
import re

import pytest

from evaluator.models import Criterion, Evaluation, ManualScore
from evaluator.scoring_grid.rules import grid_labels
from tests import factories
from tests.conftest import client_for
from tests.evaluator.factories import EvaluationFactory

NAMES = [f"Vendor-{n:02d} Ltd" for n in range(8)]


@pytest.fixture
def blind(risk_leader, procurement):
    vendors = [factories.VendorFactory(name=name) for name in NAMES]
    evaluation = EvaluationFactory(
        owner=risk_leader, members=[procurement], candidates=vendors, blind_scoring=True
    )
    criterion = Criterion.objects.create(evaluation=evaluation, name="Fit", group="manual", source="manual")
    return evaluation, criterion, vendors


def field_names(html: str) -> list[str]:
    return re.findall(r'name="(s[^"]+-score)"', html)


def test_blind_form_fields_name_no_vendor_id(blind, procurement):
    evaluation, criterion, vendors = blind
    html = client_for(procurement).get(f"/evaluations/{evaluation.pk}/scores/").text
    names = field_names(html)
    assert len(names) == len(vendors)
    ids = {str(vendor.pk) for vendor in vendors}
    for name in names:
        candidate = name[1:].split("_")[0]
        assert candidate not in ids and len(candidate) == 16, name
    for vendor in vendors:
        assert f"/vendors/{vendor.slug}/" not in html


def test_a_blind_grid_saves_through_its_opaque_fields(blind, procurement):
    evaluation, criterion, vendors = blind
    client = client_for(procurement)
    names = field_names(client.get(f"/evaluations/{evaluation.pk}/scores/").text)
    data = dict.fromkeys(names, "3") | {names[0]: "5"}
    response = client.post(f"/evaluations/{evaluation.pk}/scores/", data)
    assert response.status_code == 302
    scores = sorted(ManualScore.objects.filter(criterion=criterion).values_list("score", flat=True))
    assert scores == [3] * (len(vendors) - 1) + [5]


def test_the_label_order_cannot_be_recomputed_from_ids(blind, procurement):
    evaluation, _, vendors = blind
    html = client_for(procurement).get(f"/evaluations/{evaluation.pk}/scores/").text
    shown = re.findall(r'<th scope="row">(Vendor [A-Z]+)</th>', html)
    assert shown == [f"Vendor {letter}" for letter in "ABCDEFGH"]

    def old_guess():
        order = sorted(vendors, key=lambda v: hashlib.sha256(f"{evaluation.pk}:{v.pk}".encode()).hexdigest())
        return {v.pk: f"Vendor {'ABCDEFGH'[i]}" for i, v in enumerate(order)}

    actual = grid_labels(evaluation.blind_secret, True, [(v.pk, v.name) for v in vendors])
    # With 8 candidates a recomputed order matches by chance once in 40,320 evaluations.
    assert actual != old_guess()


def test_each_evaluation_has_its_own_random_secret_and_the_order_follows_it(blind):
    evaluation, _, vendors = blind
    other = EvaluationFactory(candidates=vendors, blind_scoring=True)
    assert len(evaluation.blind_secret) == 64 and evaluation.blind_secret != other.blind_secret
    pairs = [(v.pk, v.name) for v in vendors]
    orders = {tuple(grid_labels(secret, True, pairs)) for secret in ("a" * 64, "b" * 64, "c" * 64)}
    assert len(orders) == 3  # the secret, not the ids, decides the order


def test_the_secret_is_in_no_api_answer_and_no_history(blind, risk_leader):
    from tests.api.conftest import token_client

    evaluation, _, _ = blind
    client = token_client(risk_leader)
    for path in (f"/api/evaluations/{evaluation.pk}/", f"/api/evaluations/{evaluation.pk}/history/"):
        assert evaluation.blind_secret not in client.get(path).content.decode()
    assert not hasattr(Evaluation.history.model, "blind_secret")
