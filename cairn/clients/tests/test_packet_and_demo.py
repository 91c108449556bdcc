"""The discharge packet's hook for other apps (the plans app adds the relapse-prevention plan),
and the demo data the issue asks for."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django.utils.html import format_html

from cairn.admissions.models import FollowUp, Inquiry
from cairn.clients import discharge
from cairn.clients.models import AftercareItem, Contact, Coverage, Diagnosis, Episode, EpisodeChange
from cairn.testing.cases import CastTestCase
from cairn.worklist.models import Task


class PacketHookTest(CastTestCase):
    def setUp(self):
        self.saved = list(discharge._PACKET_SECTIONS)

    def tearDown(self):
        discharge._PACKET_SECTIONS[:] = self.saved

    def test_it_shows_the_sections_other_apps_add_and_leaves_out_empty_ones(self):
        discharge.add_packet_section(
            discharge.PacketSection(
                "relapse_prevention",
                "Relapse-prevention plan",
                lambda request, episode: format_html("<p>Triggers: {}</p>", "payday"),
            )
        )
        discharge.add_packet_section(
            discharge.PacketSection("empty", "Nothing here", lambda request, episode: "")
        )
        episode = Episode.objects.get(client=self.cast.client)
        self.login(self.cast.clinician)
        page = self.client.get(f"/clients/{self.cast.client.pk}/episodes/{episode.pk}/packet/")
        self.assertContains(page, "Relapse-prevention plan")
        self.assertContains(page, "<p>Triggers: payday</p>", html=True)
        self.assertNotContains(page, "Nothing here")


class DemoTest(TestCase):
    def test_it_seeds_every_inquiry_status_and_clients_with_histories(self):
        call_command("seed_demo", "--clients", "60", "--weeks", "6", stdout=StringIO())
        self.assertEqual(set(Inquiry.objects.values_list("status", flat=True)), set(Inquiry.Status))
        overdue = FollowUp.objects.filter(task__status="open", task__due_at__lt=timezone.now())
        self.assertTrue(overdue.exists())
        for model in (Contact, Coverage, Diagnosis, EpisodeChange, AftercareItem):
            with self.subTest(model=model.__name__):
                self.assertTrue(model.objects.exists())
        self.assertTrue(Task.objects.filter(kind="discharge_check_in").exists())
        self.assertFalse(Episode.objects.filter(status="discharged", discharge_type="").exists())
