from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from cairn.audit.models import AuditEvent
from cairn.homework import operations
from cairn.homework.models import Assignment, HomeworkDeleteError
from cairn.homework.tests.factories import THOUGHT_RECORD, make_assignment, make_submitted
from cairn.testing.cast import build_cast


class OperationsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def test_it_assigns_in_the_active_episode_and_audits(self):
        due = timezone.localdate() + timedelta(days=3)
        a = operations.assign_homework(
            self.cast.client, "diary_card", by=self.cast.clinician, due_on=due, instructions=" Hi "
        )
        self.assertEqual(a.episode, self.cast.client.episodes.get(status="active"))
        self.assertEqual((a.status, a.instructions, a.due_on), ("assigned", "Hi", due))
        self.assertTrue(
            AuditEvent.objects.filter(action="homework.assign", object_id=a.pk).exists()
        )

    def test_it_refuses_a_due_date_in_the_past(self):
        with self.assertRaises(operations.HomeworkError):
            operations.assign_homework(
                self.cast.client,
                "gratitude",
                by=self.cast.clinician,
                due_on=timezone.localdate() - timedelta(days=1),
            )
        self.assertFalse(Assignment.objects.exists())

    def test_it_refuses_an_unknown_worksheet(self):
        with self.assertRaises(ValueError):
            operations.assign_homework(self.cast.client, "nope", by=self.cast.clinician)

    def test_it_saves_a_partial_draft(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        a = operations.save_homework(a, {"situation": "At home"}, by=self.cast.portal)
        self.assertEqual(
            (a.status, a.answers, a.version), ("assigned", {"situation": "At home"}, 2)
        )

    def test_it_refuses_to_submit_without_the_required_answers(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        with self.assertRaises(operations.HomeworkError) as caught:
            operations.submit_homework(a, {"situation": "At home"}, by=self.cast.portal)
        self.assertEqual(caught.exception.field, "thoughts")
        a.refresh_from_db()
        self.assertEqual((a.status, a.answers), ("assigned", {}))

    def test_it_refuses_out_of_range_and_unknown_answers(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        for answers in (
            {**THOUGHT_RECORD, "intensity_before": 11},
            {**THOUGHT_RECORD, "intensity_before": "8"},
            {**THOUGHT_RECORD, "hack": "x"},
        ):
            with self.subTest(answers=answers), self.assertRaises(operations.HomeworkError):
                operations.submit_homework(a, answers, by=self.cast.portal)
        a.refresh_from_db()
        self.assertEqual(a.status, "assigned")

    def test_it_checks_the_diary_week(self):
        a = make_assignment(self.cast.client, self.cast.clinician, worksheet="diary_card")
        week = {"mon": {"urge": 3, "used": False, "note": "walked"}, "tue": {"urge": 0}}
        a = operations.submit_homework(a, {"week": week}, by=self.cast.portal)
        self.assertEqual(a.answers["week"], week)
        b = make_assignment(self.cast.client, self.cast.clinician, worksheet="diary_card")
        for bad in ({"mon": {"urge": 6}}, {"funday": {"urge": 1}}, {"mon": {"x": 1}}):
            with self.subTest(bad=bad), self.assertRaises(operations.HomeworkError):
                operations.submit_homework(b, {"week": bad}, by=self.cast.portal)

    def test_it_freezes_submitted_answers(self):
        a = make_submitted(self.cast.client, self.cast.clinician)
        with self.assertRaises(operations.HomeworkError):
            operations.save_homework(a, {"situation": "changed"}, by=self.cast.portal)
        a.refresh_from_db()
        self.assertEqual(a.answers["situation"], "Argument at work")

    def test_it_refuses_a_stale_version(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        operations.save_homework(a, {"situation": "one"}, by=self.cast.portal, version=1)
        with self.assertRaises(operations.HomeworkConflict):
            operations.save_homework(a, {"situation": "two"}, by=self.cast.portal, version=1)

    def test_it_reviews_once_with_a_comment(self):
        a = make_submitted(self.cast.client, self.cast.clinician)
        with self.assertRaises(operations.HomeworkError):
            operations.review_homework(a, "  ", by=self.cast.clinician)
        a = operations.review_homework(a, "Great balanced thought.", by=self.cast.clinician)
        self.assertEqual((a.status, a.reviewed_by), ("reviewed", self.cast.clinician))
        with self.assertRaises(operations.HomeworkError):
            operations.review_homework(a, "Again", by=self.cast.clinician)

    def test_sending_raises_a_review_task_that_the_review_completes(self):
        from cairn.worklist.models import Task

        a = make_submitted(self.cast.client, self.cast.clinician)
        task = Task.objects.get(kind="homework_review")
        self.assertEqual(
            (task.owner, task.client, task.status), (self.cast.clinician, a.client, "open")
        )
        self.assertNotIn(self.cast.client.first_name, task.title)
        operations.review_homework(a, "Thanks", by=self.cast.supervisee)
        task.refresh_from_db()
        self.assertEqual((task.status, task.completed_by), ("done", self.cast.supervisee))

    def test_the_review_task_is_in_english_when_the_client_sends_in_spanish(self):
        from django.utils import translation

        from cairn.worklist.models import Task

        with translation.override("es"):
            make_submitted(self.cast.client, self.cast.clinician)
        self.assertEqual(Task.objects.get().title, "Review homework: Thought record")

    def test_it_withdraws_but_never_deletes(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        a = operations.withdraw_homework(a, "Assigned twice", by=self.cast.clinician)
        self.assertEqual(a.status, "withdrawn")
        with self.assertRaises(HomeworkDeleteError):
            a.delete()
        with self.assertRaises(HomeworkDeleteError):
            Assignment.objects.filter(pk=a.pk).delete()
        self.assertTrue(Assignment.objects.filter(pk=a.pk).exists())
