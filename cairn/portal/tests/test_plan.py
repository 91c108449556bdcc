from django.urls import reverse

from cairn.plans.models import RelapsePreventionVersion
from cairn.portal.models import PlanSuggestion
from cairn.testing.cases import CastTestCase
from cairn.testing.plans import make_relapse_plan

URL = "/portal/plan/"


class PortalPlanTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.version = make_relapse_plan(
            cls.cast.client, by=cls.cast.clinician, signed=True, client_signed=True
        )

    def test_it_shows_the_zones_and_crisis_lines(self):
        self.login(self.cast.portal)
        response = self.client.get(URL)
        self.assertContains(response, "Morning walk")
        self.assertContains(response, "Leave the place now")
        self.assertContains(response, 'href="tel:988"')

    def test_it_shows_the_zones_on_the_home_page(self):
        self.login(self.cast.portal)
        self.assertContains(self.client.get("/portal/"), "Go to an extra meeting")

    def test_it_stores_a_suggestion(self):
        self.login(self.cast.portal)
        response = self.client.post(URL, {"section": "reasons", "text": "My new job"})
        self.assertRedirects(response, URL)
        suggestion = PlanSuggestion.objects.get()
        self.assertEqual((suggestion.section, suggestion.version_id), ("reasons", self.version.pk))

    def test_it_refuses_an_empty_or_unknown_suggestion(self):
        self.login(self.cast.portal)
        for data in ({"section": "reasons", "text": ""}, {"section": "nope", "text": "x"}):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(URL, data).status_code, 400)
        self.assertFalse(PlanSuggestion.objects.exists())

    def test_it_downloads_the_wallet_card(self):
        self.login(self.cast.portal)
        response = self.client.get(reverse("portal:wallet_card"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))


class SuggestionDecisionTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.version = make_relapse_plan(
            cls.cast.client, by=cls.cast.clinician, signed=True, client_signed=True
        )

    def setUp(self):
        self.suggestion = PlanSuggestion.objects.create(
            client=self.cast.client,
            version=self.version,
            section="reasons",
            text="My new job",
            created_by=self.cast.portal,
        )
        self.url = reverse(
            "portal:decide_suggestion", args=[self.cast.client.pk, self.suggestion.pk]
        )

    def test_it_accepts_into_a_new_draft_version(self):
        self.login(self.cast.clinician)
        self.client.post(self.url, {"decision": "accept"})
        draft = RelapsePreventionVersion.objects.get(plan__client=self.cast.client, number=2)
        self.assertIn("My new job", draft.reasons)
        self.version.refresh_from_db()
        self.assertNotIn("My new job", self.version.reasons)
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.accepted_into, draft)

    def test_it_declines_with_a_reply_the_client_sees(self):
        self.login(self.cast.clinician)
        self.client.post(self.url, {"decision": "decline", "reply": "Let's talk Tuesday"})
        self.login(self.cast.portal)
        self.assertContains(self.client.get(URL), "Let&#x27;s talk Tuesday")

    def test_it_refuses_deciding_twice(self):
        self.login(self.cast.clinician)
        self.client.post(self.url, {"decision": "decline"})
        self.client.post(self.url, {"decision": "accept"})
        self.assertFalse(RelapsePreventionVersion.objects.filter(number=2).exists())

    def test_it_answers_404_to_outsiders_and_403_to_read_only_roles(self):
        for member, status in (("outsider", 404), ("colleague", 404), ("biller", 403)):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(
                    self.client.post(self.url, {"decision": "accept"}).status_code, status
                )
        self.suggestion.refresh_from_db()
        self.assertEqual(self.suggestion.status, "pending")

    def test_it_answers_404_for_a_suggestion_of_another_client(self):
        self.login(self.cast.clinician)
        url = reverse(
            "portal:decide_suggestion", args=[self.cast.other_client.pk, self.suggestion.pk]
        )
        self.assertEqual(self.client.post(url, {"decision": "accept"}).status_code, 404)


class ChartTabTest(CastTestCase):
    def test_it_shows_the_trend_with_a_table(self):
        from cairn.portal.tests.helpers import make_checkin

        make_checkin(self.cast.client, days_ago=1, note="Rough night")
        self.login(self.cast.clinician)
        response = self.client.get(reverse("portal:chart_tab", args=[self.cast.client.pk]))
        self.assertContains(response, 'id="checkin-chart"')
        self.assertContains(response, "Rough night")
        self.assertContains(response, "Invite to portal")

    def test_it_keeps_a_steady_number_of_queries(self):
        from cairn.portal.tests.helpers import make_checkin

        url = reverse("portal:chart_tab", args=[self.cast.client.pk])
        self.login(self.cast.clinician)
        make_checkin(self.cast.client, days_ago=1)
        self.client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for days in range(2, 15):
            make_checkin(self.cast.client, days_ago=days)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(few), len(many))

    def test_it_answers_404_to_outsiders_and_403_without_chart_access(self):
        url = reverse("portal:chart_tab", args=[self.cast.client.pk])
        for member, status in (("outsider", 404), ("biller", 403)):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.assertEqual(self.client.get(url).status_code, status)


class SuggestionsPanelTest(CastTestCase):
    def test_it_lists_waiting_suggestions_for_those_who_may_accept_them(self):
        version = make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=True)
        PlanSuggestion.objects.create(
            client=self.cast.client,
            version=version,
            section="reasons",
            text="My new job",
            created_by=self.cast.portal,
        )
        for member, shown in (("clinician", True), ("colleague", False), ("biller", False)):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                response = self.client.get(reverse("core:home"))
                self.assertEqual("My new job" in response.content.decode(), shown)
