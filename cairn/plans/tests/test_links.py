"""Notes and assessments link to objectives (issue 9, point 3) through ``cairn.plans.links``:
the notes side picks from ``objectives_to_address`` and registers a provider; the plan shows,
per objective, what relates to it — across versions of the objective."""

from django.urls import reverse

from cairn.plans import drafting, links
from cairn.plans.models import Objective
from cairn.testing.cases import CastTestCase
from cairn.testing.plans import make_treatment_plan


class LinksTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.first = make_treatment_plan(cls.cast.client, by=cls.cast.clinician, client_signed=True)
        cls.linked = Objective.objects.filter(version=cls.first).order_by("position").first()

    def setUp(self):
        linked_key = self.linked.key

        def provider(client, objectives):
            assert client == self.cast.client
            for objective in objectives:
                if objective.key == linked_key and objective.version_id == self.first.pk:
                    yield links.RelatedRecord(
                        objective.key, self.first.plan_date, "Note", "Individual session note"
                    )

        links.register_related_records(provider)
        self.addCleanup(links._PROVIDERS.remove, provider)

    def test_notes_pick_from_the_open_objectives_of_the_plan_in_force(self):
        self.assertEqual(
            {o.pk for o in links.objectives_to_address(self.cast.client)},
            set(Objective.objects.filter(version=self.first).values_list("pk", flat=True)),
        )
        self.assertEqual(links.objectives_to_address(self.cast.other_client), [])

    def test_the_objective_page_lists_related_records_from_earlier_versions_too(self):
        second = drafting.new_version(self.first.plan, by=self.cast.clinician)
        same = Objective.objects.get(version=second, key=self.linked.key)
        self.login(self.cast.clinician)
        url = reverse(
            "plans:treatment_objective",
            kwargs={"client_id": self.cast.client.pk, "objective_id": same.pk},
        )
        response = self.client.get(url)
        self.assertContains(response, "Individual session note")
        self.assertContains(response, "Version 1")

    def test_the_plan_shows_how_many_records_relate_to_each_objective(self):
        self.login(self.cast.clinician)
        response = self.client.get(
            reverse("plans:treatment", kwargs={"client_id": self.cast.client.pk})
        )
        self.assertContains(response, "1 related record")
