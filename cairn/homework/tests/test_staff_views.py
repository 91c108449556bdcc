from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cairn.homework.models import Assignment
from cairn.homework.tests.factories import make_assignment, make_submitted
from cairn.testing.cases import CastTestCase


class ChartTabTest(CastTestCase):
    def url(self, client=None):
        return reverse("homework:chart", args=[(client or self.cast.client).pk])

    def test_it_lists_the_clients_homework(self):
        make_submitted(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        response = self.client.get(self.url())
        self.assertContains(response, "Thought record")
        self.assertContains(response, "Submitted")
        self.assertContains(response, "1 waiting for review")
        self.assertContains(response, "Assign homework")

    def test_it_shows_an_empty_state(self):
        self.login(self.cast.clinician)
        self.assertContains(self.client.get(self.url()), "No homework yet.")

    def test_it_answers_by_role(self):
        cases = [
            (self.cast.clinician, 200),
            (self.cast.supervisor, 200),
            (self.cast.director, 200),
            (self.cast.biller, 403),
            (self.cast.outsider, 404),
        ]
        for user, status in cases:
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)

    def test_it_hides_the_assign_form_from_read_only_roles(self):
        self.login(self.cast.director)
        self.assertNotContains(self.client.get(self.url()), "Assign homework")

    def test_it_refuses_post_and_sends_anonymous_to_sign_in(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.post(self.url()).status_code, 405)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_its_queries_do_not_grow_with_the_list(self):
        self.login(self.cast.clinician)
        make_submitted(self.cast.client, self.cast.clinician)
        self.client.get(self.url())
        with self.assertNumQueries(self._queries()):
            self.client.get(self.url())
        for _ in range(5):
            make_submitted(self.cast.client, self.cast.clinician)
        with self.assertNumQueries(self._queries()):
            self.client.get(self.url())

    def _queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url())
        return len(ctx.captured_queries)


class AssignTest(CastTestCase):
    def url(self, client=None):
        return reverse("homework:assign", args=[(client or self.cast.client).pk])

    def test_it_assigns(self):
        self.login(self.cast.clinician)
        due = timezone.localdate() + timedelta(days=2)
        response = self.client.post(
            self.url(), {"worksheet": "diary_card", "due_on": due.isoformat(), "instructions": "x"}
        )
        self.assertRedirects(response, reverse("homework:chart", args=[self.cast.client.pk]))
        a = Assignment.objects.get()
        self.assertEqual(
            (a.worksheet, a.due_on, a.assigned_by), ("diary_card", due, self.cast.clinician)
        )

    def test_it_explains_bad_input_and_writes_nothing(self):
        self.login(self.cast.clinician)
        past = timezone.localdate() - timedelta(days=2)
        for data, message in (
            ({"worksheet": "nope"}, "Select a valid choice"),
            ({"worksheet": "gratitude", "due_on": past.isoformat()}, "can&#x27;t be in the past"),
        ):
            with self.subTest(data=data):
                response = self.client.post(self.url(), data)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(Assignment.objects.exists())

    def test_it_answers_by_role(self):
        for user, status in (
            (self.cast.director, 403),
            (self.cast.biller, 403),
            (self.cast.outsider, 404),
            (self.cast.colleague, 404),
        ):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.post(self.url(), {"worksheet": "gratitude"})
                self.assertEqual(response.status_code, status)
        self.assertFalse(Assignment.objects.exists())

    def test_it_refuses_get(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(self.url()).status_code, 405)


class ReviewTest(CastTestCase):
    def test_it_shows_the_answers_and_records_the_review(self):
        a = make_submitted(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        page = self.client.get(reverse("homework:detail", args=[a.pk]))
        self.assertContains(page, "One bad meeting is not everything")
        self.assertContains(page, "Mark reviewed")
        self.assertContains(page, 'homework/" aria-current="page"')
        response = self.client.post(
            reverse("homework:review", args=[a.pk]), {"comment": "Well done", "version": a.version}
        )
        self.assertRedirects(response, reverse("homework:detail", args=[a.pk]))
        a.refresh_from_db()
        self.assertEqual((a.status, a.review_comment), ("reviewed", "Well done"))

    def test_it_asks_for_a_comment(self):
        a = make_submitted(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        response = self.client.post(reverse("homework:review", args=[a.pk]), {"comment": ""})
        self.assertContains(response, "Write a comment for the client.", status_code=400)
        a.refresh_from_db()
        self.assertEqual(a.status, "submitted")

    def test_it_refuses_review_of_unsent_homework(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        response = self.client.post(reverse("homework:review", args=[a.pk]), {"comment": "x"})
        self.assertEqual(response.status_code, 400)
        a.refresh_from_db()
        self.assertEqual(a.status, "assigned")

    def test_it_answers_by_role(self):
        a = make_submitted(self.cast.client, self.cast.clinician)
        for user, status in ((self.cast.director, 403), (self.cast.outsider, 404)):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.post(
                    reverse("homework:review", args=[a.pk]), {"comment": "x"}
                )
                self.assertEqual(response.status_code, status)
        self.login(self.cast.director)
        self.assertEqual(self.client.get(reverse("homework:detail", args=[a.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("homework:review", args=[a.pk])).status_code, 405)

    def test_it_withdraws(self):
        a = make_assignment(self.cast.client, self.cast.clinician)
        self.login(self.cast.clinician)
        response = self.client.post(reverse("homework:withdraw", args=[a.pk]), {"reason": ""})
        self.assertContains(response, "Say why", status_code=400)
        self.client.post(reverse("homework:withdraw", args=[a.pk]), {"reason": "Duplicate"})
        a.refresh_from_db()
        self.assertEqual((a.status, a.withdrawn_reason), ("withdrawn", "Duplicate"))
