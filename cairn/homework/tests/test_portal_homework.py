from django.urls import reverse

from cairn.homework.models import Assignment
from cairn.homework.tests.factories import make_assignment, make_submitted
from cairn.testing.cases import CastTestCase


class PortalHomeworkTest(CastTestCase):
    def setUp(self):
        self.assignment = make_assignment(self.cast.client, self.cast.clinician)

    def url(self, assignment=None):
        return reverse("homework:portal_homework", args=[(assignment or self.assignment).pk])

    def test_it_lists_the_clients_own_homework(self):
        make_assignment(self.cast.other_client, self.cast.clinician, worksheet="gratitude")
        self.login(self.cast.portal)
        response = self.client.get(reverse("homework:portal_list"))
        self.assertContains(response, "Thought record")
        self.assertNotContains(response, "Gratitude")

    def test_it_shows_homework_on_the_portal_home(self):
        self.login(self.cast.portal)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, self.url())
        self.assertContains(response, "questionnaires to fill in")

    def test_it_sends_completed_homework(self):
        self.login(self.cast.portal)
        data = {
            "action": "submit",
            "version": "1",
            "situation": "Argument at work",
            "thoughts": "I always mess up",
            "intensity_before": "7",
            "balanced": "One meeting isn't everything",
        }
        response = self.client.post(self.url(), data)
        self.assertRedirects(response, reverse("homework:portal_list"))
        self.assignment.refresh_from_db()
        self.assertEqual(self.assignment.status, "submitted")
        self.assertEqual(self.assignment.answers["intensity_before"], 7)

    def test_it_saves_a_draft_without_the_required_answers(self):
        self.login(self.cast.portal)
        self.client.post(self.url(), {"action": "save", "situation": "At home"})
        self.assignment.refresh_from_db()
        self.assertEqual(
            (self.assignment.status, self.assignment.answers),
            ("assigned", {"situation": "At home"}),
        )

    def test_it_explains_missing_and_invalid_answers_and_sends_nothing(self):
        self.login(self.cast.portal)
        response = self.client.post(
            self.url(), {"action": "submit", "situation": "x", "intensity_before": "12"}
        )
        self.assertContains(response, "Nothing was sent yet.", status_code=400)
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assignment.refresh_from_db()
        self.assertEqual((self.assignment.status, self.assignment.answers), ("assigned", {}))

    def test_it_completes_a_diary_card_week(self):
        card = make_assignment(self.cast.client, self.cast.clinician, worksheet="diary_card")
        self.login(self.cast.portal)
        page = self.client.get(self.url(card))
        self.assertContains(page, "Monday")
        self.assertContains(page, 'name="week-sun-urge"')
        data = {
            "action": "submit",
            "week-mon-urge": "3",
            "week-mon-used": "no",
            "week-tue-note": "walk",
        }
        self.assertEqual(self.client.post(self.url(card), data).status_code, 302)
        card.refresh_from_db()
        self.assertEqual(
            card.answers["week"], {"mon": {"urge": 3, "used": False}, "tue": {"note": "walk"}}
        )

    def test_it_shows_the_review_comment_after_review(self):
        done = make_submitted(self.cast.client, self.cast.clinician)
        Assignment.objects.filter(pk=done.pk).update(
            status="reviewed", review_comment="Lovely work", reviewed_by=self.cast.clinician
        )
        self.login(self.cast.portal)
        response = self.client.get(self.url(done))
        self.assertContains(response, "Lovely work")
        self.assertNotContains(response, "Send to my clinician")

    def test_it_hides_another_clients_homework_and_stores_nothing(self):
        theirs = make_assignment(self.cast.other_client, self.cast.clinician)
        self.login(self.cast.portal)
        self.assertEqual(self.client.get(self.url(theirs)).status_code, 404)
        response = self.client.post(self.url(theirs), {"action": "save", "situation": "x"})
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.answers, {})

    def test_it_hides_withdrawn_homework(self):
        Assignment.objects.filter(pk=self.assignment.pk).update(status="withdrawn")
        self.login(self.cast.portal)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_it_is_for_portal_users_only(self):
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        self.login(self.cast.portal)
        self.assertEqual(self.client.delete(self.url()).status_code, 405)

    def test_it_speaks_spanish(self):
        self.login(self.cast.portal)
        self.client.post(reverse("portal:language"), {"language": "es", "next": "/portal/"})
        response = self.client.get(self.url())
        self.assertContains(response, "Registro de pensamientos")
        self.assertContains(response, "Enviar a mi clínico")


class PortalQueryCountTest(CastTestCase):
    """The portal's lists make a fixed number of queries, whatever the amount of homework."""

    def count(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_lists_and_home_do_not_grow_with_the_homework(self):
        self.login(self.cast.portal)
        make_assignment(self.cast.client, self.cast.clinician)
        make_submitted(self.cast.client, self.cast.clinician)
        urls = [reverse("homework:portal_list"), reverse("portal:home")]
        before = {url: self.count(url) for url in urls}
        for _ in range(4):
            make_assignment(self.cast.client, self.cast.clinician, worksheet="gratitude")
            make_submitted(self.cast.client, self.cast.clinician)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.count(url), before[url])
        self.assertLessEqual(before[reverse("homework:portal_list")], 12)
