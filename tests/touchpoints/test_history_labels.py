"""Units may carry 300-character names: a touch point between two of them still saves and
deletes, its history label cut to fit."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import Org, People, client_for
from tests.touchpoints.test_touchpoint_views import form_data
from touchpoints.models import OrgUnit, TouchPoint, TouchPointChange

LONG = 300


def test_long_unit_names_create_and_delete_with_history(org: Org, people: People) -> None:
    OrgUnit.objects.filter(pk=org.finance.pk).update(name="F" * LONG)
    OrgUnit.objects.filter(pk=org.infra.pk).update(name="A" * LONG)
    client = client_for(people.facilitator)
    created = client.post(reverse("touchpoint_create", args=[org.workspace.slug]), form_data(org))
    assert created.status_code == 302
    touch_point = TouchPoint.objects.get()
    assert len(str(touch_point)) > 400
    delete_url = reverse("touchpoint_delete", args=[org.workspace.slug, touch_point.pk])
    assert client.post(delete_url).status_code == 302
    assert not TouchPoint.objects.exists()
    labels = list(TouchPointChange.objects.values_list("touch_point_label", flat=True))
    assert len(labels) == 2
    assert all(len(label) == 400 and label.startswith("F" * LONG) for label in labels)
    assert all(label.endswith("…") for label in labels)
