"""The demo seed lays out a program the optimizer can plan."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from cairn.core.models import Program
from cairn.scheduling.building import build_instance
from cairn.scheduling.models import GroupType, KeepApart, Room, Session, StaffProfile
from cairn.scheduling.tests.test_building import check_shape
from cairn.scheduling.weeks import monday_of


class DemoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", "--clients", "60", "--weeks", "2", stdout=StringIO())

    def test_it_seeds_rooms_the_catalog_staff_and_keep_apart_pairs(self):
        self.assertEqual(GroupType.objects.count(), 10)
        self.assertTrue(Room.objects.filter(name__startswith="Group room").exists())
        self.assertTrue(StaffProfile.objects.exists())
        self.assertEqual(KeepApart.objects.count(), 3)

    def test_it_seeds_past_weeks_held_and_next_week_scheduled(self):
        monday = monday_of(timezone.localdate())
        self.assertTrue(Session.objects.filter(status="held").exists())
        next_week = Session.objects.filter(
            starts_at__date__gte=monday.replace() + (monday - monday)
        )
        self.assertTrue(next_week.filter(status="scheduled").exists())
        self.assertFalse(Session.objects.filter(participants__isnull=True).exists())

    def test_it_builds_a_valid_instance_for_next_week(self):
        monday = monday_of(timezone.localdate())
        built = build_instance(Program.objects.get(), monday + timedelta(days=7))
        check_shape(built.doc)
        self.assertTrue(built.doc["previous"]["sessions"])
        self.assertEqual(built.fixed_outside, [])
