"""Scores under treatment-plan objectives: the instruments an objective's measure names, else
those the library lists for its problem; submitted scores of the plan's episode only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.assessments.instruments import all_instruments
from cairn.assessments.plan_links import instruments_named, scores_for_objectives
from cairn.clients.models import Client
from cairn.plans import drafting, library
from cairn.plans.links import related_records
from cairn.plans.models import Objective, Problem
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_episode
from cairn.testing.plans import _sign, add_goal, make_treatment_plan

PHQ9_MODERATE = {str(n): (2 if n <= 6 else 0) for n in range(1, 10)}  # 12, moderate


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_it_reads_the_instruments_a_measure_names():
    assert instruments_named("PHQ-9 every 2 weeks") == ["phq9"]
    assert instruments_named("Craving log reviewed weekly; PACS score") == ["pacs"]
    assert instruments_named("AUDIT-C, then c-ssrs and phq9") == ["auditc", "cssrs", "phq9"]
    assert instruments_named("Weekly urine drug screens") == []


def test_the_librarys_instruments_are_known_instruments():
    known = {instrument.code for instrument in all_instruments()}
    for problem in library.problems().values():
        assert set(problem.instruments) <= known, problem.code


class ObjectiveScoresTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client, by = cls.cast.client, cls.cast.clinician
        cls.version = make_treatment_plan(client, by=by, objectives=2)
        cls.named, cls.unnamed = list(cls.version.objectives.order_by("position"))
        Objective.objects.filter(pk=cls.named.pk).update(measure="PHQ-9 every 2 weeks")
        library_goal = add_goal(cls.version, by=by, objectives=1, title="Anxiety")
        Problem.objects.filter(pk=library_goal.problem_id).update(library_code="anxiety")
        cls.from_library = library_goal.objectives.get()
        _sign(cls.version, by=by, client_signed=True)
        cls.phq9 = make_administration(
            client, "phq9", PHQ9_MODERATE, by=by, administered_at=_ago(3)
        )
        cls.gad7 = make_administration(client, "gad7", by=by, administered_at=_ago(4))
        make_administration(client, "phq9", by=by, status="draft")
        make_administration(
            client, "phq9", by=by, administered_at=_ago(2), status="entered_in_error"
        )
        make_administration(client, "phq9", by=by, administered_at=_ago(300), episode=None)
        make_administration(cls.cast.other_client, "phq9", by=by, administered_at=_ago(1))

    def related(self, objective):
        return related_records(self.cast.client, [objective]).get(objective.key, [])

    def test_an_objective_lists_the_scores_its_measure_names(self):
        items = self.related(self.named)
        self.assertEqual([(i.kind, i.title) for i in items], [("Assessment", "PHQ-9: 12 of 27")])
        self.assertEqual(items[0].detail, "moderate")
        self.assertEqual(
            items[0].url,
            reverse(
                "assessments:administration",
                kwargs={"client_id": self.cast.client.pk, "administration_id": self.phq9.pk},
            ),
        )

    def test_an_objective_without_a_named_measure_lists_its_library_problems_instruments(self):
        self.assertEqual([i.title for i in self.related(self.from_library)], ["GAD-7: 0 of 21"])

    def test_a_hand_written_problem_without_a_named_measure_lists_none(self):
        self.assertEqual(self.related(self.unnamed), [])

    def test_scores_of_another_episode_are_left_out(self):
        episode = self.cast.client.episodes.get()
        episode.status, episode.discharged_on = "discharged", timezone.localdate()
        episode.save()
        later = make_episode(self.cast.client, admitted_on=timezone.localdate())
        make_administration(self.cast.client, "phq9", episode=later, administered_at=_ago(0))
        self.assertEqual(len(self.related(self.named)), 1)

    def test_each_score_shows_once_across_versions_of_the_objective(self):
        draft = drafting.new_version(self.version.plan, by=self.cast.clinician)
        lineage = list(Objective.objects.filter(key=self.named.key))
        self.assertEqual({o.version_id for o in lineage}, {self.version.pk, draft.pk})
        found = related_records(self.cast.client, lineage)[self.named.key]
        self.assertEqual(len(found), 1)

    def test_the_objective_page_shows_the_score(self):
        self.login(self.cast.clinician)
        page = self.client.get(
            reverse(
                "plans:treatment_objective",
                kwargs={"client_id": self.cast.client.pk, "objective_id": self.named.pk},
            )
        )
        self.assertContains(page, "PHQ-9: 12 of 27")
        self.assertContains(page, f"/assessments/{self.phq9.pk}/")

    def test_it_makes_two_queries_for_any_number_of_objectives(self):
        client = Client.objects.select_related("program").get(pk=self.cast.client.pk)
        objectives = list(Objective.objects.filter(version=self.version))
        with self.assertNumQueries(2):
            list(scores_for_objectives(client, objectives))
