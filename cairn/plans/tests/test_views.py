"""The plan pages through the door (issue 9; CONTRIBUTING.md: every view — allowed role works,
outsider 404, read-only 403, wrong method 405, anonymous redirected), bad input refused with a
message and nothing changed, and list pages in a fixed number of queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cairn.plans import drafting, signing
from cairn.plans.models import (
    Goal,
    Objective,
    Problem,
    RelapsePreventionVersion,
    TreatmentPlanVersion,
)
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import PASSWORD
from cairn.testing.plans import add_goal, make_relapse_plan, make_treatment_plan


class PlanData(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        cls.active = make_treatment_plan(cast.client, by=cast.clinician, client_signed=True)
        cls.draft = drafting.new_version(cls.active.plan, by=cast.clinician)
        cls.goal = Goal.objects.get(version=cls.draft)
        cls.objective = Objective.objects.filter(version=cls.draft).first()
        cls.rp_active = make_relapse_plan(cast.client, by=cast.clinician, client_signed=True)
        cls.rp_draft = RelapsePreventionVersion.objects.create(
            plan=cls.rp_active.plan,
            number=2,
            created_by=cast.clinician,
            triggers_places=["The Anchor Bar on 5th"],
            red_steps=["Leave"],
            crisis_lines=[{"code": "988", "name": "988 Lifeline", "phone": "988"}],
        )

    def url(self, name, **kwargs):
        return reverse(f"plans:{name}", kwargs={"client_id": self.cast.client.pk, **kwargs})


def _pages(t):
    """(url, methods the view answers, needs write access) for every plan view."""
    v, rv = {"version_id": t.draft.pk}, {"rp_version_id": t.rp_draft.pk}
    item = {**v, "kind": "goal", "item_id": t.goal.pk}
    get, form, post = ("GET",), ("GET", "POST"), ("POST",)
    return [
        (t.url("treatment"), get, False),
        (t.url("treatment_history"), get, False),
        (t.url("treatment_objective", objective_id=t.objective.pk), get, False),
        (t.url("treatment_version", **v), get, False),
        (t.url("treatment_print", **v), get, False),
        (t.url("treatment_pdf", **v), get, False),
        (t.url("relapse"), get, False),
        (t.url("relapse_history"), get, False),
        (t.url("relapse_print", rp_version_id=t.rp_active.pk), get, False),
        (t.url("relapse_pdf", rp_version_id=t.rp_active.pk), get, False),
        (t.url("relapse_wallet_card", rp_version_id=t.rp_active.pk), get, False),
        (t.url("treatment_start"), post, True),
        (t.url("treatment_revise"), post, True),
        (t.url("treatment_review"), form, True),
        (t.url("treatment_details", **v), form, True),
        (t.url("treatment_library", **v), post, True),
        (t.url("treatment_item_add", **v, kind="objective"), form, True),
        (t.url("treatment_item", **item), form, True),
        (t.url("treatment_item_remove", **item), post, True),
        (t.url("treatment_sign", **v), form, True),
        (t.url("treatment_client_sign", **v), form, True),
        (t.url("relapse_start"), post, True),
        (t.url("relapse_edit", **rv), form, True),
        (t.url("relapse_sign", **rv), form, True),
        (t.url("relapse_client_sign", **rv), form, True),
    ]


def _snapshot():
    return (
        list(TreatmentPlanVersion.objects.order_by("pk").values_list("pk", "status", "revision")),
        Problem.objects.count(),
        Goal.objects.count(),
        Objective.objects.count(),
        list(RelapsePreventionVersion.objects.order_by("pk").values_list("pk", "revision")),
    )


class PermissionsTest(PlanData):
    def test_it_shows_every_page_to_the_clients_clinician(self):
        self.login(self.cast.clinician)
        for url, methods, _ in _pages(self):
            if "GET" not in methods:
                continue
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (200, 302), url)

    def test_it_hides_everything_from_people_outside_the_care_team(self):
        before = _snapshot()
        for member in ("outsider", "colleague", "admin", "portal"):
            self.login(getattr(self.cast, member))
            for url, methods, _ in _pages(self):
                with self.subTest(member=member, url=url):
                    response = getattr(self.client, methods[0].lower())(url)
                    self.assertEqual(response.status_code, 404)
        self.assertEqual(_snapshot(), before)

    def test_it_lets_the_director_read_but_not_write(self):
        before = _snapshot()
        self.login(self.cast.director)
        for url, methods, writes in _pages(self):
            with self.subTest(url=url):
                response = getattr(self.client, methods[-1].lower())(url)
                self.assertEqual(response.status_code, 403 if writes else 200)
        self.assertEqual(_snapshot(), before)

    def test_it_refuses_the_biller_the_clinical_content(self):
        self.login(self.cast.biller)
        for url, methods, _ in _pages(self):
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, methods[0].lower())(url).status_code, 403)

    def test_it_refuses_other_methods(self):
        self.login(self.cast.clinician)
        for url, methods, _ in _pages(self):
            with self.subTest(url=url):
                wrong = self.client.get if methods == ("POST",) else self.client.delete
                self.assertEqual(wrong(url).status_code, 405)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for url, methods, _ in _pages(self):
            with self.subTest(url=url):
                response = getattr(self.client, methods[0].lower())(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_404s_a_version_of_another_client_under_this_client(self):
        other = make_treatment_plan(self.cast.other_client, by=self.cast.clinician)
        self.login(self.cast.clinician)
        url = self.url("treatment_version", version_id=other.pk)
        self.assertEqual(self.client.get(url).status_code, 404)


class DraftFormsTest(PlanData):
    def setUp(self):
        self.login(self.cast.clinician)

    def _objective(self, **data):
        url = self.url("treatment_item_add", version_id=self.draft.pk, kind="objective")
        values = {
            "revision": self.draft.revision,
            "goal": self.goal.pk,
            "text": "Walk daily",
            "measure": "",
            "target_date": (self.draft.plan_date + timedelta(days=20)).isoformat(),
            **data,
        }
        return self.client.post(url, values)

    def test_it_adds_an_objective(self):
        response = self._objective()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Objective.objects.filter(version=self.draft, text="Walk daily").exists())

    def test_it_refuses_a_target_date_before_the_plan_date(self):
        before = _snapshot()
        early = (self.draft.plan_date - timedelta(days=1)).isoformat()
        response = self._objective(target_date=early)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "can&#x27;t be before the plan date", status_code=400)
        self.assertEqual(_snapshot(), before)

    def test_it_refuses_an_objective_without_a_goal(self):
        before = _snapshot()
        response = self._objective(goal="")
        self.assertContains(response, "Choose the goal this objective serves.", status_code=400)
        self.assertEqual(_snapshot(), before)

    def test_it_refuses_a_stale_form_with_a_conflict(self):
        self._objective()
        before = _snapshot()
        response = self._objective(text="Second", revision=self.draft.revision)
        self.assertContains(response, "Someone else changed this draft", status_code=409)
        self.assertEqual(_snapshot(), before)

    def test_it_refuses_editing_a_signed_version(self):
        goal = Goal.objects.get(version=self.active)
        url = self.url("treatment_item", version_id=self.active.pk, kind="goal", item_id=goal.pk)
        before = _snapshot()
        data = {"revision": self.active.revision, "problem": goal.problem_id, "statement": "New"}
        response = self.client.post(url, data)
        self.assertContains(response, "signed and can&#x27;t be changed", status_code=409)
        self.assertEqual(_snapshot(), before)
        self.assertRedirects(
            self.client.get(url), self.url("treatment_version", version_id=self.active.pk)
        )

    def test_it_refuses_a_plan_date_after_an_objective_target(self):
        url = self.url("treatment_details", version_id=self.draft.pk)
        before = _snapshot()
        data = {
            "revision": self.draft.revision,
            "plan_date": (self.draft.plan_date + timedelta(days=400)).isoformat(),
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(_snapshot(), before)

    def test_it_adds_a_problem_from_the_library(self):
        url = self.url("treatment_library", version_id=self.draft.pk)
        response = self.client.post(url, {"revision": self.draft.revision, "code": "trauma"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Problem.objects.filter(version=self.draft, library_code="trauma").exists())

    def test_it_removes_a_goal_from_the_draft(self):
        url = self.url(
            "treatment_item_remove", version_id=self.draft.pk, kind="goal", item_id=self.goal.pk
        )
        self.client.post(url, {"revision": self.draft.revision})
        self.assertFalse(Goal.objects.filter(pk=self.goal.pk).exists())


class SigningViewsTest(PlanData):
    def setUp(self):
        self.login(self.cast.clinician)

    def test_it_refuses_signing_a_plan_with_no_goals(self):
        version = drafting.start_treatment_plan(
            self.cast.other_client.episodes.get(), by=self.cast.clinician
        )
        self.cast.other_client.care_team.create(user=self.cast.clinician)
        url = reverse(
            "plans:treatment_sign",
            kwargs={"client_id": self.cast.other_client.pk, "version_id": version.pk},
        )
        response = self.client.post(url, {"password": PASSWORD})
        self.assertContains(response, "a plan with no goals can&#x27;t be signed", status_code=400)
        version.refresh_from_db()
        self.assertIsNone(version.clinician_signed_at)

    def test_it_refuses_a_wrong_password_on_the_field(self):
        response = self.client.post(
            self.url("treatment_sign", version_id=self.draft.pk), {"password": "nope"}
        )
        self.assertContains(response, "That password isn&#x27;t right", status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "draft")

    def test_the_clinician_then_the_client_sign_in_person(self):
        self.client.post(
            self.url("treatment_sign", version_id=self.draft.pk), {"password": PASSWORD}
        )
        url = self.url("treatment_client_sign", version_id=self.draft.pk)
        refused = self.client.post(url, {"typed_name": "Robin Castillo"})
        self.assertContains(refused, "Tick the box", status_code=400)
        self.client.post(url, {"typed_name": "Robin Castillo", "agreed": "on"})
        self.draft.refresh_from_db()
        self.active.refresh_from_db()
        self.assertEqual((self.draft.status, self.active.status), ("active", "superseded"))
        self.assertEqual(self.draft.client_signature_witness, self.cast.clinician)


class ReviewViewTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.active = make_treatment_plan(cls.cast.client, by=cls.cast.clinician, client_signed=True)

    def test_it_needs_a_rating_for_each_objective_and_then_creates_the_next_version(self):
        self.login(self.cast.clinician)
        url = reverse("plans:treatment_review", kwargs={"client_id": self.cast.client.pk})
        first, second = Objective.objects.filter(version=self.active).order_by("position")
        data = {"summary": "Steady progress.", f"rating_{first.pk}": "met"}
        response = self.client.post(url, data)
        self.assertContains(response, "Rate the progress on this objective.", status_code=400)
        self.assertEqual(TreatmentPlanVersion.objects.count(), 1)
        data[f"rating_{second.pk}"] = "revised"
        response = self.client.post(url, data)
        version = TreatmentPlanVersion.objects.get(number=2)
        self.assertRedirects(
            response,
            reverse(
                "plans:treatment_version",
                kwargs={"client_id": self.cast.client.pk, "version_id": version.pk},
            ),
        )


class RelapseEditTest(PlanData):
    def _post(self, **extra):
        data = {
            "revision": self.rp_draft.revision,
            "triggers_people": "Vic\n\nMy ex  ",
            "triggers_places": "The Anchor Bar on 5th",
            "red_steps": "Leave\nCall Dana",
            "coping_skills": ["urge_surfing", "halt"],
            "support-TOTAL_FORMS": "2",
            "support-INITIAL_FORMS": "0",
            "support-MIN_NUM_FORMS": "0",
            "support-MAX_NUM_FORMS": "20",
            "support-0-name": "Dana",
            "support-0-relationship": "sponsor",
            "support-0-phone": "555-0101",
            **extra,
        }
        url = self.url("relapse_edit", rp_version_id=self.rp_draft.pk)
        return self.client.post(url, data)

    def setUp(self):
        self.login(self.cast.clinician)

    def test_it_saves_one_entry_per_line_and_keeps_988(self):
        self.assertEqual(self._post().status_code, 302)
        version = RelapsePreventionVersion.objects.get(pk=self.rp_draft.pk)
        self.assertEqual(version.triggers_people, ["Vic", "My ex"])
        self.assertEqual(version.supports[0]["phone"], "555-0101")
        self.assertIn("988", [line["phone"] for line in version.crisis_lines])

    def test_it_refuses_a_support_person_without_a_phone(self):
        before = _snapshot()
        response = self._post(**{"support-0-phone": ""})
        self.assertContains(response, "Add a phone number", status_code=400)
        self.assertEqual(_snapshot(), before)

    def test_it_refuses_editing_a_signed_version(self):
        url = self.url("relapse_edit", rp_version_id=self.rp_active.pk)
        response = self.client.post(url, {"revision": self.rp_active.revision, "reasons": "x"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(
            RelapsePreventionVersion.objects.get(pk=self.rp_active.pk).reasons, ["My daughter"]
        )

    def test_save_and_sign_goes_to_the_signature(self):
        response = self._post(sign="1")
        self.assertRedirects(response, self.url("relapse_sign", rp_version_id=self.rp_draft.pk))


class QueryCountTest(CastTestCase):
    """The plan pages don't grow their queries with the plan's size or history."""

    def _count(self, url) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_plan_pages_make_a_fixed_number_of_queries(self):
        cast = self.cast
        version = make_treatment_plan(cast.client, by=cast.clinician, client_signed=True)
        rp = make_relapse_plan(cast.client, by=cast.clinician, client_signed=True)
        self.login(cast.clinician)
        kw = {"client_id": cast.client.pk}
        urls = [
            reverse("plans:treatment", kwargs=kw),
            reverse("plans:treatment_history", kwargs=kw),
            reverse("plans:treatment_version", kwargs={**kw, "version_id": version.pk}),
            reverse("plans:relapse", kwargs=kw),
            reverse("plans:relapse_history", kwargs=kw),
        ]
        second = drafting.new_version(version.plan, by=cast.clinician)
        signing.sign_by_clinician(second, by=cast.clinician, password=PASSWORD)
        signing.sign_by_client(second, typed_name="Robin", agreed=True, witness=cast.clinician)
        small = [self._count(url) for url in urls]
        third = drafting.new_version(version.plan, by=cast.clinician)
        for _ in range(3):
            add_goal(third, by=cast.clinician, objectives=3)
        large = [self._count(url) for url in urls]
        self.assertEqual(small, large)
        self.assertEqual(rp.plan.versions.count(), 1)


class EpisodesTest(CastTestCase):
    def test_a_readmitted_client_starts_a_new_plan_and_keeps_the_old_one_readable(self):
        cast = self.cast
        old = make_treatment_plan(cast.client, by=cast.clinician, client_signed=True)
        episode = old.plan.episode
        episode.status, episode.discharged_on = (
            "discharged",
            episode.admitted_on + timedelta(days=5),
        )
        episode.save()
        self.login(cast.clinician)
        url = reverse("plans:treatment", kwargs={"client_id": cast.client.pk})
        response = self.client.get(url)
        self.assertContains(response, "has ended")
        self.assertNotContains(response, "Review progress")
        new_episode = cast.client.episodes.create(
            program=cast.program, admitted_on=episode.discharged_on + timedelta(days=1)
        )
        response = self.client.get(url)
        self.assertContains(response, "Start the treatment plan")
        self.assertContains(response, "Earlier episodes")
        self.client.post(reverse("plans:treatment_start", kwargs={"client_id": cast.client.pk}))
        self.assertTrue(TreatmentPlanVersion.objects.filter(plan__episode=new_episode).exists())
