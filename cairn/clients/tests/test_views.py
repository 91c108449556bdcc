"""Client pages through the door: permissions per view with the fixed cast, bad input on every
form (a message on the field, nothing written), and fixed query counts on list pages."""

from datetime import timedelta

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cairn.clients.models import Client, Contact, Coverage, Diagnosis, Episode, EpisodeChange
from cairn.clients.panels import my_tasks_panel
from cairn.clients.tests.permissions import PermissionTableMixin, ViewSpec
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import (
    add_to_team,
    make_client,
    make_contact,
    make_coverage,
    make_diagnosis,
    make_episode,
    make_task,
)
from cairn.worklist.models import Task


def _client(test):
    return {"client_id": test.cast.client.pk}


def _with(name):
    def kwargs(test):
        return {"client_id": test.cast.client.pk, name: getattr(test, name.removesuffix("_id")).pk}

    return kwargs


GET_POST = ("get", "post")


class ClientPermissionTest(PermissionTableMixin, CastTestCase):
    VIEWS = [
        ViewSpec("clients:census", None, "director", read_only="admin", outsider=None),
        ViewSpec("clients:census_summary", None, "director", read_only="admin", outsider=None),
        ViewSpec("clients:caseloads", None, "director", read_only="admin", outsider=None),
        ViewSpec("clients:my_tasks", None, "clinician", outsider=None),
        ViewSpec("clients:icd_search", None, "clinician", outsider=None),
        ViewSpec(
            "clients:task_complete",
            lambda test: {"task_id": test.task.pk},
            "clinician",
            methods=("post",),
            wrong="get",
        ),
        ViewSpec("clients:chart", _client, "clinician"),
        ViewSpec("clients:demographics_edit", _client, "intake", "biller", methods=GET_POST),
        ViewSpec("clients:contacts", _client, "biller"),
        ViewSpec("clients:contact_new", _client, "intake", "biller", methods=GET_POST),
        ViewSpec("clients:contact_edit", _with("contact_id"), "intake", "biller", methods=GET_POST),
        ViewSpec(
            "clients:contact_remove",
            _with("contact_id"),
            "intake",
            "biller",
            methods=("post",),
            wrong="get",
        ),
        ViewSpec("clients:coverage", _client, "biller"),
        ViewSpec("clients:coverage_new", _client, "biller", "prescriber", methods=GET_POST),
        ViewSpec(
            "clients:coverage_edit", _with("coverage_id"), "biller", "prescriber", methods=GET_POST
        ),
        ViewSpec(
            "clients:coverage_end",
            _with("coverage_id"),
            "biller",
            "prescriber",
            methods=("post",),
            wrong="get",
        ),
        ViewSpec("clients:diagnoses", _client, "clinician", "biller"),
        ViewSpec("clients:diagnosis_new", _client, "clinician", "director", methods=GET_POST),
        ViewSpec(
            "clients:diagnosis_edit",
            _with("diagnosis_id"),
            "clinician",
            "director",
            methods=GET_POST,
        ),
        ViewSpec("clients:episodes", _client, "clinician", "biller"),
        ViewSpec(
            "clients:episode_change",
            _with("episode_id"),
            "clinician",
            "prescriber",
            methods=GET_POST,
        ),
        ViewSpec(
            "clients:episode_discharge",
            _with("episode_id"),
            "clinician",
            "prescriber",
            methods=GET_POST,
        ),
        ViewSpec("clients:discharge_packet", _with("episode_id"), "clinician", "biller"),
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client = cls.cast.client
        cls.contact = make_contact(client)
        cls.coverage = make_coverage(client)
        cls.diagnosis = make_diagnosis(client, recorded_by=cls.cast.clinician)
        cls.episode = Episode.objects.get(client=client)
        cls.task = make_task(cls.cast.clinician, cls.cast.program, client=client)

    def test_it_answers_404_for_a_record_under_another_clients_address(self):
        self.login(self.cast.director)
        url = f"/clients/{self.cast.other_client.pk}/contacts/{self.contact.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_lets_only_the_owner_complete_a_task(self):
        self.login(self.cast.colleague)
        response = self.client.post(f"/tasks/{self.task.pk}/complete/", {"note": "done"})
        self.assertEqual(response.status_code, 404)
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, "open")


class FormsTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.url = f"/clients/{self.cast.client.pk}"

    def errors(self, path, data, field):
        response = self.client.post(f"{self.url}/{path}", data)
        self.assertEqual(response.status_code, 200, path)
        return " ".join(response.context["form"].errors.get(field, []))

    def test_it_refuses_bad_demographics(self):
        base = {
            "version": 1,
            "first_name": "Robin",
            "last_name": "Castillo",
            "date_of_birth": "1990-05-17",
            "sex_at_birth": "female",
        }
        future = (timezone.localdate() + timedelta(days=1)).isoformat()
        cases = {
            "first_name": ({"first_name": ""}, "required"),
            "date_of_birth": ({"date_of_birth": future}, "must be in the past"),
            "email": ({"email": "not-an-address"}, "valid email"),
        }
        for field, (data, message) in cases.items():
            with self.subTest(field=field):
                self.assertIn(message, self.errors("demographics/", {**base, **data}, field))
        self.assertEqual(Client.objects.get(pk=self.cast.client.pk).version, 1)

    def test_it_saves_demographics(self):
        response = self.client.post(
            f"{self.url}/demographics/",
            {
                "version": 1,
                "first_name": "Robin",
                "last_name": "Castillo",
                "preferred_name": "Rob",
                "date_of_birth": "1990-05-17",
                "sex_at_birth": "female",
            },
        )
        self.assertRedirects(response, f"{self.url}/")
        self.assertEqual(Client.objects.get(pk=self.cast.client.pk).preferred_name, "Rob")

    def test_it_refuses_bad_contacts(self):
        base = {"name": "Lee", "kind": "family", "relationship": "sister"}
        message = self.errors("contacts/new/", {**base, "emergency_contact": "on"}, "phone")
        self.assertIn("needs a phone number", message)
        self.assertIn(
            "required", self.errors("contacts/new/", {**base, "relationship": ""}, "relationship")
        )
        self.assertFalse(Contact.objects.exists())

    def test_it_refuses_bad_coverage(self):
        self.login(self.cast.biller)
        make_coverage(self.cast.client)
        base = {
            "priority": 2,
            "payer_name": "Cigna",
            "member_id": "X1",
            "subscriber_relationship": "self",
        }
        cases = {
            "member_id": ({"member_id": ""}, "required"),
            "subscriber_name": ({"subscriber_relationship": "spouse"}, "Name the subscriber"),
            "ends_on": ({"effective_on": "2026-02-01", "ends_on": "2026-01-01"}, "end before"),
            "priority": ({"priority": 1}, "already has an active primary"),
        }
        for field, (data, message) in cases.items():
            with self.subTest(field=field):
                self.assertIn(message, self.errors("coverage/new/", {**base, **data}, field))
        self.assertEqual(Coverage.objects.count(), 1)

    def test_it_refuses_an_unknown_or_unspecific_diagnosis_code(self):
        base = {"rank": "secondary", "category": "substance_use", "status": "active"}
        cases = {"F10.999": "is not an ICD-10-CM code", "F10.2": "choose a more specific code"}
        for code, message in cases.items():
            with self.subTest(code=code):
                self.assertIn(
                    message, self.errors("diagnoses/new/", {**base, "code": code}, "code")
                )
        self.assertFalse(Diagnosis.objects.exists())

    def test_it_records_a_diagnosis_chosen_from_the_search(self):
        page = self.client.get(f"{self.url}/diagnoses/new/?q=opioid+dependence+uncomplicated")
        self.assertContains(page, "F11.20")
        page = self.client.get(f"{self.url}/diagnoses/new/?code=F11.20")
        self.assertEqual(page.context["form"].initial["category"], "substance_use")
        response = self.client.post(
            f"{self.url}/diagnoses/new/",
            {"code": "F11.20", "rank": "primary", "category": "substance_use", "status": "active"},
        )
        self.assertRedirects(response, f"{self.url}/diagnoses/")
        self.assertEqual(Diagnosis.objects.get().description, "Opioid dependence, uncomplicated")

    def test_it_searches_icd_for_the_htmx_results(self):
        response = self.client.get("/clients/icd-search/?q=F11.2")
        self.assertContains(response, "F11.20")
        self.assertContains(response, 'href="?code=F11.20')

    def test_it_refuses_a_change_that_changes_nothing(self):
        episode = Episode.objects.get(client=self.cast.client)
        data = {
            "version": episode.version,
            "level_of_care": episode.level_of_care,
            "track": episode.track_id,
            "effective_on": timezone.localdate().isoformat(),
            "reason": "Nothing",
            "decided_by": self.cast.clinician.pk,
        }
        message = self.errors(f"episodes/{episode.pk}/change/", data, "level_of_care")
        self.assertIn("Nothing changes", message)
        self.assertFalse(EpisodeChange.objects.exists())

    def discharge_data(self, episode, **overrides):
        data = {
            "version": episode.version,
            "discharged_on": timezone.localdate().isoformat(),
            "discharge_type": "completed",
            "summary": "Completed.",
            "aftercare-TOTAL_FORMS": 2,
            "aftercare-INITIAL_FORMS": 0,
            "aftercare-0-kind": "appointment",
            "aftercare-0-description": "Weekly therapy",
            "aftercare-0-details": "Tuesdays",
        }
        data.update(overrides)
        return data

    def test_it_refuses_a_discharge_before_the_admission_and_writes_nothing(self):
        episode = Episode.objects.get(client=self.cast.client)
        early = (episode.admitted_on - timedelta(days=1)).isoformat()
        message = self.errors(
            f"episodes/{episode.pk}/discharge/",
            self.discharge_data(episode, discharged_on=early),
            "discharged_on",
        )
        self.assertIn("can't be before the admission", message)
        episode.refresh_from_db()
        self.assertEqual(episode.status, "active")
        self.assertFalse(Task.objects.exists())

    def test_it_refuses_an_aftercare_line_without_a_description(self):
        episode = Episode.objects.get(client=self.cast.client)
        response = self.client.post(
            f"{self.url}/episodes/{episode.pk}/discharge/",
            self.discharge_data(episode, **{"aftercare-1-kind": "referral"}),
        )
        self.assertIn("description", response.context["aftercare"].forms[1].errors)
        episode.refresh_from_db()
        self.assertEqual(episode.status, "active")

    def test_it_discharges_and_shows_the_packet(self):
        episode = Episode.objects.get(client=self.cast.client)
        response = self.client.post(
            f"{self.url}/episodes/{episode.pk}/discharge/", self.discharge_data(episode)
        )
        self.assertRedirects(response, f"{self.url}/episodes/")
        packet = self.client.get(f"{self.url}/episodes/{episode.pk}/packet/")
        self.assertContains(packet, "Weekly therapy")
        self.assertContains(packet, "42 CFR part 2 prohibits unauthorized use or disclosure")


class TasksTest(CastTestCase):
    def test_it_shows_my_open_tasks_on_home_with_overdue_ones_standing_out(self):
        make_task(
            self.cast.clinician,
            self.cast.program,
            title="Late call",
            due_at=timezone.now() - timedelta(hours=3),
        )
        make_task(self.cast.clinician, self.cast.program, title="Later call")
        make_task(self.cast.colleague, self.cast.program, title="Not mine")
        self.login(self.cast.clinician)
        page = self.client.get("/").content.decode()
        self.assertIn("My tasks", page)
        self.assertIn("1 overdue", page)
        self.assertIn("Late call", page)
        self.assertNotIn("Not mine", page)
        self.assertLess(page.index("Late call"), page.index("Later call"))

    def test_it_counts_open_and_overdue_tasks_beyond_the_panel_in_one_query(self):
        late = timezone.now() - timedelta(hours=3)
        for n in range(10):
            make_task(self.cast.clinician, self.cast.program, title=f"Late {n}", due_at=late)
        for n in range(3):
            make_task(self.cast.clinician, self.cast.program, title=f"Later {n}")
        request = RequestFactory().get("/")
        request.user = self.cast.clinician
        my_tasks_panel(request)  # (the user's roles: loaded once per request, by the door)
        with self.assertNumQueries(2):  # the first rows; the total and overdue counts
            html = my_tasks_panel(request)
        self.assertIn("13 open", html)
        self.assertIn("10 overdue", html)
        self.assertIn("All 13 open tasks", html)

    def test_it_completes_a_task_with_a_note(self):
        task = make_task(self.cast.clinician, self.cast.program)
        self.login(self.cast.clinician)
        response = self.client.post(
            f"/tasks/{task.pk}/complete/", {"note": "Left a voicemail.", "next": "/"}
        )
        self.assertRedirects(response, "/")
        task.refresh_from_db()
        self.assertEqual((task.status, task.resolution), ("done", "Left a voicemail."))

    def test_it_refuses_a_note_that_is_too_long(self):
        task = make_task(self.cast.clinician, self.cast.program)
        self.login(self.cast.clinician)
        self.client.post(f"/tasks/{task.pk}/complete/", {"note": "x" * 2001})
        task.refresh_from_db()
        self.assertEqual(task.status, "open")

    def test_it_hides_a_task_about_a_client_the_owner_can_no_longer_see(self):
        make_task(
            self.cast.colleague, self.cast.program, title="About Robin", client=self.cast.client
        )
        self.login(self.cast.colleague)
        self.assertNotContains(self.client.get("/tasks/"), "About Robin")


class QueryCountTest(CastTestCase):
    """Census, caseloads and tasks make the same number of queries whatever the data size."""

    def grow(self, n: int):
        track = Episode.objects.get(client=self.cast.client).track
        for _ in range(n):
            client = make_client(self.cast.program)
            make_episode(client, track=track, primary_clinician=self.cast.clinician)
            add_to_team(client, self.cast.clinician)
            make_task(
                self.cast.clinician,
                self.cast.program,
                client=client,
                due_at=timezone.now() - timedelta(days=1),
            )

    def count(self, url: str) -> int:
        self.client.get(url)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured.captured_queries)

    def test_the_census_caseloads_and_task_pages_make_a_fixed_number_of_queries(self):
        urls = [
            "/clients/census/",
            "/clients/caseloads/",
            f"/clients/caseloads/?clinician={self.cast.clinician.pk}",
            "/tasks/",
            "/",
        ]
        for member in ("director", "clinician"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                self.grow(2)
                small = {url: self.count(url) for url in urls}
                self.grow(25)
                self.assertEqual({url: self.count(url) for url in urls}, small)
