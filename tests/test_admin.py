"""The Django admin: every registered model's list, search and add pages work for administrators."""

import pytest
from django.contrib import admin
from django.urls import reverse

from evaluator.models import Questionnaire
from tests.conftest import client_for


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_every_admin_list_and_search_answers_the_administrator(admin_user, model):
    client = client_for(admin_user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "security"}).status_code == 200
    add_status = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
    assert add_status in (200, 403)  # 403 where records are only created by the app itself


def test_an_issued_questionnaire_cannot_be_changed_in_the_admin(admin_user):
    builtin = Questionnaire.objects.filter(is_builtin=True).first()
    builtin.issued_at = builtin.created_at
    builtin.save(update_fields=["issued_at"])
    client = client_for(admin_user)
    url = reverse("admin:evaluator_questionnaire_change", args=[builtin.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(url, {"title": "Rewritten"}).status_code == 403
    builtin.refresh_from_db()
    assert builtin.title != "Rewritten"
