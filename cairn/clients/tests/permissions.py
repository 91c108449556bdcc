"""A table-driven check of one view against the fixed cast (CONTRIBUTING.md, Tests): the
allowed role works, the outsider gets 404, the read-only role 403, a wrong method 405, and an
anonymous visitor is sent to sign in. Nothing is written by a refused request."""

from dataclasses import dataclass

from django.urls import reverse

from cairn.worklist.models import Task


@dataclass
class ViewSpec:
    name: str  # URL name
    kwargs: object  # function(test) → URL kwargs
    allowed: str  # cast member who may use it
    read_only: str | None = None  # cast member who sees it but may not use it (403)
    outsider: str | None = "outsider"  # cast member outside the program (404)
    methods: tuple[str, ...] = ("get",)  # methods the view answers
    wrong: str = "put"  # a method it refuses with 405


class PermissionTableMixin:
    """Mix into a CastTestCase and set ``VIEWS``."""

    VIEWS: list[ViewSpec] = []

    def _url(self, spec: ViewSpec) -> str:
        return reverse(spec.name, kwargs=spec.kwargs(self) if spec.kwargs else None)

    def _counts(self):
        from cairn.admissions.models import Inquiry
        from cairn.clients.models import Client, Contact, Coverage, Diagnosis, Episode

        return [
            m.objects.count()
            for m in (Client, Episode, Contact, Coverage, Diagnosis, Inquiry, Task)
        ]

    def test_it_lets_the_allowed_role_in(self):
        for spec in self.VIEWS:
            with self.subTest(view=spec.name):
                self.login(getattr(self.cast, spec.allowed))
                if "get" in spec.methods:
                    self.assertEqual(self.client.get(self._url(spec)).status_code, 200)

    def test_it_answers_404_to_the_outsider(self):
        for spec in self.VIEWS:
            if spec.outsider is None:
                continue
            with self.subTest(view=spec.name):
                self.login(getattr(self.cast, spec.outsider))
                before = self._counts()
                for method in spec.methods:
                    response = getattr(self.client, method)(self._url(spec))
                    self.assertEqual(response.status_code, 404, method)
                self.assertEqual(self._counts(), before)

    def test_it_answers_403_to_a_read_only_role(self):
        for spec in self.VIEWS:
            if spec.read_only is None:
                continue
            with self.subTest(view=spec.name):
                self.login(getattr(self.cast, spec.read_only))
                before = self._counts()
                for method in spec.methods:
                    response = getattr(self.client, method)(self._url(spec))
                    self.assertEqual(response.status_code, 403, method)
                self.assertEqual(self._counts(), before)

    def test_it_refuses_the_wrong_method(self):
        for spec in self.VIEWS:
            with self.subTest(view=spec.name):
                self.login(getattr(self.cast, spec.allowed))
                response = getattr(self.client, spec.wrong)(self._url(spec))
                self.assertEqual(response.status_code, 405)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for spec in self.VIEWS:
            with self.subTest(view=spec.name):
                response = self.client.get(self._url(spec))
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])
