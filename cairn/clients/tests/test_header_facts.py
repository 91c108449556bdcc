"""Other apps add facts to the chart header (``core.registry.add_header_fact``), shown only to
viewers who may take the fact's action."""

from django.urls import reverse

from cairn.accounts.policy import Action
from cairn.core.registry import add_header_fact, registry
from cairn.testing.cases import CastTestCase


class HeaderFactsTest(CastTestCase):
    def setUp(self):
        self.saved = list(registry.header_facts)
        self.url = reverse("clients:chart", kwargs={"client_id": self.cast.client.pk})

    def tearDown(self):
        registry.header_facts[:] = self.saved

    def test_it_shows_a_registered_fact(self):
        add_header_fact(lambda request, client, episode: ("Lucky number", "7"))
        self.login(self.cast.clinician)
        self.assertContains(self.client.get(self.url), "<li>Lucky number <strong>7</strong></li>")

    def test_it_passes_the_active_episode_and_shows_nothing_for_none(self):
        seen = []
        add_header_fact(lambda request, client, episode: seen.append(episode))
        self.login(self.cast.clinician)
        self.client.get(self.url)
        self.assertEqual(seen, [self.cast.client.episodes.get()])

    def test_it_hides_a_fact_from_a_viewer_without_its_action(self):
        add_header_fact(
            lambda request, client, episode: ("Clinical fact", "yes"), action=Action.VIEW_CHART
        )
        self.login(self.cast.intake)
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Clinical fact")
        self.login(self.cast.clinician)
        self.assertContains(self.client.get(self.url), "Clinical fact")
