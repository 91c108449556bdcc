"""A client never reaches another client's homework or questionnaires (issue 11, tests): every
portal URL of this app, walked as one client with the other client's ids (same program), on
GET and POST, answers 404 (or 405) and writes nothing; pages without ids never show the other
client's answers. Family and staff logins get 404 on these pages."""

from django.apps import apps
from django.urls import get_resolver, reverse

from cairn.homework.tests.factories import make_assignment, make_submitted
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration

SECRET = "Osprey-4410"


def portal_patterns():
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "homework":
            for pattern in entry.url_patterns:
                if getattr(pattern.callback, "cairn_portal_view", False):
                    yield f"homework:{pattern.name}", list(pattern.pattern.converters)


def row_counts():
    return {
        m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in ("homework", "assessments", "worklist")
    }


class IsolationTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        other = cls.cast.other_client
        make_submitted(other, cls.cast.clinician, {**_ANSWERS, "situation": SECRET})
        draft = make_assignment(other, cls.cast.clinician, worksheet="gratitude")
        administration = make_administration(other, status="draft", answers={})
        cls.ids = {
            "assignment_id": draft.pk,
            "administration_id": administration.pk,
            "question_number": 1,
        }

    def test_it_answers_404_for_another_clients_ids_and_writes_nothing(self):
        self.login(self.cast.portal)
        names = list(portal_patterns())
        self.assertGreaterEqual(len(names), 7)
        before = row_counts()
        for name, kwargs in names:
            url = reverse(name, kwargs={k: self.ids[k] for k in kwargs})
            for method in ("get", "post"):
                with self.subTest(url=url, method=method):
                    data = {"answer": "3", "action": "submit", "grateful_1": "x"}
                    response = getattr(self.client, method)(url, data)
                    if kwargs:
                        self.assertIn(response.status_code, (404, 405))
                    self.assertNotIn(SECRET.encode(), response.content)
        self.assertEqual(row_counts(), before)

    def test_it_answers_404_to_staff_and_family_logins(self):
        from cairn.accounts.models import User

        family = User.objects.create_user(username="fam", kind=User.Kind.FAMILY)
        for user in (self.cast.clinician, family):
            self.login(user)
            for name, kwargs in portal_patterns():
                url = reverse(name, kwargs={k: self.ids[k] for k in kwargs})
                with self.subTest(user=user.username, url=url):
                    self.assertIn(self.client.get(url).status_code, (404, 405))


_ANSWERS = {"thoughts": "t", "balanced": "b"}
