"""A client never sees another client's anything (issue 11, tests): every portal URL, walked
with the other client's ids where a URL takes ids, and the pages without ids checked for the
other client's data."""

from django.urls import get_resolver, reverse

from cairn.portal.models import PlanSuggestion
from cairn.portal.tests.helpers import make_checkin
from cairn.testing.cases import CastTestCase
from cairn.testing.plans import make_relapse_plan

SECRET = "Kestrel-7731"


def portal_patterns():
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == "portal":
            for pattern in entry.url_patterns:
                yield f"portal:{pattern.name}", list(pattern.pattern.converters)


class IsolationTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        other = cls.cast.other_client
        version = make_relapse_plan(other, by=cls.cast.clinician, signed=True, reasons=[SECRET])
        make_checkin(other, note=SECRET, trigger_other=SECRET)
        cls.suggestion = PlanSuggestion.objects.create(
            client=other,
            version=version,
            section="reasons",
            text=SECRET,
            created_by=cls.cast.other_portal,
        )
        cls.ids = {"client_id": other.pk, "suggestion_id": cls.suggestion.pk}

    def test_it_never_shows_another_clients_data_on_the_portal(self):
        self.login(self.cast.portal)
        for name, kwargs in portal_patterns():
            url = reverse(name, kwargs={k: self.ids[k] for k in kwargs})
            for method in ("get", "post"):
                with self.subTest(url=url, method=method):
                    response = getattr(self.client, method)(url)
                    if kwargs:
                        self.assertIn(response.status_code, (404, 405))
                    self.assertNotIn(SECRET.encode(), response.content)

    def test_it_answers_404_for_every_portal_url_with_another_clients_ids(self):
        self.login(self.cast.portal)
        for name, kwargs in portal_patterns():
            if not kwargs:
                continue
            url = reverse(name, kwargs={k: self.ids[k] for k in kwargs})
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code in (404, 405), True)
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "pending")
