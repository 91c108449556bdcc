"""Finding and adding a drop-in from the attendance screen (issue 6 point 1)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.scheduling.models import SessionParticipant
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_client, make_episode
from cairn.testing.sessions import make_session


class DropInViewsTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cast = cls.cast
        day = timezone.localdate(timezone=cast.program.tz) - timedelta(days=1)
        cls.session = make_session(cast.program, cast.clinician, clients=[cast.client], day=day)
        cls.search = reverse("attendance:drop_in_search", args=[cls.session.pk])
        cls.add = reverse("attendance:add_drop_in", args=[cls.session.pk])

    def test_it_finds_active_clients_of_the_program_not_on_the_roster(self):
        self.login(self.cast.clinician)
        response = self.client.get(self.search, {"find": "a"})
        self.assertNotContains(response, "Sasha")  # one letter finds nothing
        response = self.client.get(self.search, {"find": "Lind"})
        self.assertContains(response, "Sasha Lind")
        self.assertContains(response, "Add as drop-in")
        self.assertTrue(AuditEvent.objects.filter(action="attendance.drop_in_search").exists())

    def test_it_never_offers_booked_or_discharged_clients_or_other_programs(self):
        gone = make_client(self.cast.program, last_name="Lindqvist", status="discharged")
        make_episode(gone, status="discharged", discharged_on=timezone.localdate())
        self.login(self.cast.clinician)
        for text in ("Castillo", "Lindqvist", "Faraway"):
            with self.subTest(text=text):
                response = self.client.get(self.search, {"find": text})
                self.assertContains(response, "No active client matching")

    def test_it_searches_without_javascript_on_the_attendance_screen(self):
        self.login(self.cast.clinician)
        url = reverse("attendance:take", args=[self.session.pk])
        self.assertContains(self.client.get(url, {"find": "Lind"}), "Sasha Lind")

    def test_it_adds_the_drop_in_and_returns_to_the_roster(self):
        self.login(self.cast.clinician)
        response = self.client.post(self.add, {"client_id": self.cast.other_client.pk})
        take = reverse("attendance:take", args=[self.session.pk])
        self.assertRedirects(
            response, f"{take}#c{self.cast.other_client.pk}", fetch_redirect_response=False
        )
        participant = SessionParticipant.objects.get(client=self.cast.other_client)
        self.assertTrue(participant.drop_in)
        self.assertContains(self.client.get(take), "Drop-in")

    def test_it_answers_404_for_a_client_who_cannot_be_added(self):
        self.login(self.cast.clinician)
        for client_id in (self.cast.foreign_client.pk, self.cast.client.pk, "x"):
            with self.subTest(client_id=client_id):
                response = self.client.post(self.add, {"client_id": client_id})
                self.assertEqual(response.status_code, 404)
        self.assertEqual(SessionParticipant.objects.count(), 1)

    def test_it_answers_403_to_staff_who_do_not_run_the_session(self):
        self.login(self.cast.colleague)
        self.assertEqual(self.client.get(self.search, {"find": "Lind"}).status_code, 403)
        response = self.client.post(self.add, {"client_id": self.cast.other_client.pk})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(SessionParticipant.objects.count(), 1)

    def test_it_answers_404_outside_the_program(self):
        self.login(self.cast.outsider)
        self.assertEqual(self.client.get(self.search, {"find": "Lind"}).status_code, 404)
        self.assertEqual(self.client.post(self.add, {"client_id": 1}).status_code, 404)

    def test_it_refuses_the_wrong_method_and_anonymous_visitors(self):
        self.assertEqual(self.client.get(self.search).status_code, 302)
        self.assertEqual(self.client.post(self.add).status_code, 302)
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(self.add).status_code, 405)
        self.assertEqual(self.client.post(self.search).status_code, 405)
