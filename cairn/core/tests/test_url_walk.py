"""The one door, proven by walking every URL pattern (issue 3, point 3; DESIGN.md principle 1).

- Anonymous: every non-public URL redirects to sign-in (or refuses the method).
- Stranger (every staff role, in a program that isn't the record's): every URL that takes an
  object id answers 404 for objects of the other program, on GET and POST, and writes nothing
  but audit events.
- Portal users: staff URLs answer 404.
"""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from cairn.accounts.roles import Role
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_user
from cairn.testing.urlwalk import PUBLIC_URL_NAMES, SKIP_NAMESPACES, kwarg_objects

#: Tables the walk may write to: the audit trail, sessions, login bookkeeping, task results.
_BOOKKEEPING = {
    "audit.auditevent",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "django_tasks_db.dbtaskresult",
}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            yield from _patterns(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters)


def _row_counts():
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in _BOOKKEEPING and not model._meta.proxy
    }


class UrlWalkTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.stranger = make_user(username="stranger", roles=list(Role), program=cls.cast.program)
        cls.urls = {}
        registry = kwarg_objects()
        for name, kwargs in _patterns():
            missing = [k for k in kwargs if k not in registry]
            assert not missing, (
                f"URL {name} takes {missing}: add a factory to cairn/<app>/tests/walk.py"
            )
            values = {k: registry[k](cls.cast) for k in kwargs}
            cls.urls[name] = (reverse(name, kwargs=values), bool(kwargs))

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for name, (url, _) in self.urls.items():
            if name in PUBLIC_URL_NAMES:
                continue
            with self.subTest(url=name):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 405), url)
                if response.status_code == 302:
                    self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_answers_404_for_another_programs_objects_and_writes_nothing(self):
        self.login(self.stranger)
        before = _row_counts()
        for name, (url, has_object) in self.urls.items():
            if not has_object:
                continue
            for method in ("get", "post"):
                with self.subTest(url=name, method=method):
                    response = getattr(self.client, method)(url)
                    self.assertIn(response.status_code, (404, 405), f"{method.upper()} {url}")
        self.assertEqual(_row_counts(), before)

    def test_it_hides_staff_pages_from_portal_users(self):
        self.login(self.cast.portal)
        for name, (url, _) in self.urls.items():
            if name in PUBLIC_URL_NAMES or not self._is_staff_url(name, url):
                continue
            with self.subTest(url=name):
                response = self.client.get(url)
                self.assertIn(response.status_code, (404, 405), url)

    @staticmethod
    def _is_staff_url(name: str, url: str) -> bool:
        """Portal pages live under ``portal:`` or, in other apps, are decorated
        ``@portal_required`` (e.g. ``homework:portal_list``)."""
        if getattr(resolve(url).func, "cairn_portal_view", False):
            return False
        return not name.startswith(("portal:", "fhir:")) and name not in {
            "accounts:logout",
            "accounts:mfa_verify",
            "accounts:mfa_setup",
            "accounts:session_status",
            "accounts:session_extend",
        }
