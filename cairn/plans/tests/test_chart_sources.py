"""The plans read the clients app's real rows: problems link to the chart's diagnoses, the
relapse-prevention plan's support network comes from the chart's contacts, and the discharge
packet carries the latest signed relapse-prevention plan."""

from django.urls import reverse

from cairn.clients.models import Diagnosis, Episode
from cairn.plans import drafting
from cairn.plans.chart_sources import chart_contacts, chart_diagnoses
from cairn.plans.models import Problem, RelapsePreventionVersion
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_contact, make_diagnosis
from cairn.testing.plans import _sign, make_relapse_plan


class ChartDiagnosesTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client, by = cls.cast.client, cls.cast.clinician
        cls.anxiety = make_diagnosis(client, recorded_by=by, code="F41.1")
        cls.alcohol = make_diagnosis(client, recorded_by=by, code="F10.20", rank="primary")
        cls.remission = make_diagnosis(
            client, recorded_by=by, code="F11.20", status=Diagnosis.Status.IN_REMISSION
        )
        make_diagnosis(client, recorded_by=by, code="F32.1", status=Diagnosis.Status.RESOLVED)
        make_diagnosis(client, recorded_by=by, code="F12.20", status=Diagnosis.Status.ERROR)
        make_diagnosis(cls.cast.other_client, recorded_by=by, code="F14.20")
        cls.version = drafting.start_treatment_plan(Episode.objects.get(client=client), by=by)

    def test_it_lists_current_diagnoses_primary_first(self):
        codes = [d.code for d in chart_diagnoses(self.cast.client)]
        self.assertEqual(codes, ["F10.20", "F11.20", "F41.1"])

    def test_the_problem_form_offers_them_and_links_the_ones_chosen(self):
        self.login(self.cast.clinician)
        url = reverse(
            "plans:treatment_item_add",
            kwargs={
                "client_id": self.cast.client.pk,
                "version_id": self.version.pk,
                "kind": "problem",
            },
        )
        page = self.client.get(url)
        self.assertContains(page, "F10.20 — Alcohol dependence, uncomplicated")
        self.assertNotContains(page, "F32.1")
        self.assertNotContains(page, "F14.20")
        self.client.post(
            url,
            {
                "revision": self.version.revision,
                "title": "Drinking",
                "diagnosis_ids": [str(self.alcohol.pk)],
                "dimensions": ["1"],
            },
        )
        problem = Problem.objects.get(version=self.version)
        self.assertEqual(
            problem.diagnoses,
            [
                {
                    "id": self.alcohol.pk,
                    "code": "F10.20",
                    "description": "Alcohol dependence, uncomplicated",
                }
            ],
        )

    def test_the_problem_form_refuses_another_clients_diagnosis(self):
        other = Diagnosis.objects.get(client=self.cast.other_client)
        self.login(self.cast.clinician)
        url = reverse(
            "plans:treatment_item_add",
            kwargs={
                "client_id": self.cast.client.pk,
                "version_id": self.version.pk,
                "kind": "problem",
            },
        )
        response = self.client.post(
            url, {"revision": self.version.revision, "title": "X", "diagnosis_ids": [str(other.pk)]}
        )
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertFalse(Problem.objects.filter(version=self.version).exists())

    def test_a_library_problem_links_the_matching_diagnoses(self):
        problem = drafting.add_from_library(
            self.version,
            "alcohol_use",
            by=self.cast.clinician,
            revision=self.version.revision,
            diagnoses=chart_diagnoses(self.cast.client),
        )
        self.assertEqual([d["code"] for d in problem.diagnoses], ["F10.20"])

    def test_adding_a_library_problem_on_the_page_links_them_too(self):
        self.login(self.cast.clinician)
        url = reverse(
            "plans:treatment_library",
            kwargs={"client_id": self.cast.client.pk, "version_id": self.version.pk},
        )
        response = self.client.post(
            url, {"revision": self.version.revision, "code": "anxiety"}, follow=True
        )
        self.assertContains(response, "linked to the chart&#x27;s F41.1")
        problem = Problem.objects.get(version=self.version)
        self.assertEqual(problem.diagnoses[0]["id"], self.anxiety.pk)


class ChartContactsTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client = cls.cast.client
        cls.sister = make_contact(client, name="Ana Castillo", relationship="sister")
        cls.sponsor = make_contact(
            client, name="Zed Moore", kind="sober_support", relationship="sponsor", phone="555-0102"
        )
        cls.gone = make_contact(client, name="Old Friend", kind="friend", active=False)
        make_contact(cls.cast.other_client, name="Not Theirs")
        cls.draft = RelapsePreventionVersion.objects.create(
            plan=make_relapse_plan(client, by=cls.cast.clinician, client_signed=True).plan,
            number=2,
            created_by=cls.cast.clinician,
            red_steps=["Leave"],
            crisis_lines=[{"code": "988", "name": "988 Lifeline", "phone": "988"}],
        )

    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse(
            "plans:relapse_edit",
            kwargs={"client_id": self.cast.client.pk, "rp_version_id": self.draft.pk},
        )

    def _post(self, **extra):
        return self.client.post(
            self.url,
            {
                "revision": RelapsePreventionVersion.objects.get(pk=self.draft.pk).revision,
                "red_steps": "Leave",
                "support-TOTAL_FORMS": "2",
                "support-INITIAL_FORMS": "0",
                "support-MIN_NUM_FORMS": "0",
                "support-MAX_NUM_FORMS": "20",
                **extra,
            },
        )

    def test_it_lists_current_contacts_sober_supports_first(self):
        names = [c.name for c in chart_contacts(self.cast.client)]
        self.assertEqual(names, ["Zed Moore", "Ana Castillo"])

    def test_the_plan_offers_the_charts_contacts(self):
        page = self.client.get(self.url)
        self.assertContains(page, "Zed Moore · sponsor · 555-0102")
        self.assertContains(page, "Ana Castillo · sister · 555-0111")
        self.assertNotContains(page, "Old Friend")
        self.assertNotContains(page, "Not Theirs")

    def test_choosing_a_contact_copies_them_into_the_support_network(self):
        self.assertEqual(self._post(support_contacts=[str(self.sponsor.pk)]).status_code, 302)
        version = RelapsePreventionVersion.objects.get(pk=self.draft.pk)
        self.assertEqual(
            version.supports,
            [
                {
                    "contact_id": self.sponsor.pk,
                    "name": "Zed Moore",
                    "relationship": "sponsor",
                    "phone": "555-0102",
                }
            ],
        )

    def test_a_contact_removed_later_stays_in_the_plan_as_typed(self):
        long_name = "Marisol " + "Esperanza-" * 12 + "Castillo"  # longer than 100 characters
        aunt = make_contact(self.cast.client, name=long_name, relationship="aunt")
        self.assertEqual(self._post(support_contacts=[str(aunt.pk)]).status_code, 302)
        aunt.active = False
        aunt.save()
        page = self.client.get(self.url)
        self.assertContains(page, f'value="{long_name}"')
        response = self._post(
            **{
                "support-INITIAL_FORMS": "1",  # the page shows the person as a typed row
                "support-0-name": long_name,
                "support-0-relationship": "aunt",
                "support-0-phone": "555-0111",
            }
        )
        self.assertEqual(response.status_code, 302)
        version = RelapsePreventionVersion.objects.get(pk=self.draft.pk)
        self.assertEqual(version.supports[0]["name"], long_name)


class DischargePacketTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.episode = Episode.objects.get(client=cls.cast.client)
        cls.url = reverse(
            "clients:discharge_packet",
            kwargs={"client_id": cls.cast.client.pk, "episode_id": cls.episode.pk},
        )

    def setUp(self):
        self.login(self.cast.clinician)

    def test_it_shows_the_latest_signed_relapse_prevention_plan(self):
        first = make_relapse_plan(
            self.cast.client,
            by=self.cast.clinician,
            client_signed=True,
            triggers_places=["FIRST-VERSION-PLACE"],
        )
        RelapsePreventionVersion.objects.filter(pk=first.pk).update(status="superseded")
        second = RelapsePreventionVersion.objects.create(
            plan=first.plan,
            number=2,
            created_by=self.cast.clinician,
            triggers_places=["SECOND-VERSION-PLACE"],
            red_steps=["Call my sponsor"],
            crisis_lines=first.crisis_lines,
        )
        _sign(second, by=self.cast.clinician, client_signed=True)
        RelapsePreventionVersion.objects.create(
            plan=first.plan,
            number=3,
            created_by=self.cast.clinician,
            triggers_places=["DRAFT-VERSION-PLACE"],
        )
        page = self.client.get(self.url)
        self.assertContains(page, "My relapse-prevention plan")
        self.assertContains(page, "SECOND-VERSION-PLACE")
        self.assertNotContains(page, "FIRST-VERSION-PLACE")
        self.assertNotContains(page, "DRAFT-VERSION-PLACE")

    def test_it_leaves_the_section_out_without_a_signed_plan(self):
        make_relapse_plan(self.cast.client, by=self.cast.clinician, signed=False)
        page = self.client.get(self.url)
        self.assertNotContains(page, "My relapse-prevention plan")
