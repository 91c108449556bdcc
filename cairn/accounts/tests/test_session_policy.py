"""Who may do what with a scheduled session (policy.SESSION_RULES), as a table."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from cairn.accounts import access
from cairn.accounts.policy import SessionAction as S
from cairn.testing.cases import CastTestCase
from cairn.testing.sessions import make_session

EXPECTED = {
    "supervisee": {  # the facilitator
        S.VIEW,
        S.VIEW_ROSTER,
        S.TAKE_ATTENDANCE,
        S.DOCUMENT,
        S.REVIEW_NOTES,
    },
    "supervisor": {S.VIEW, S.VIEW_ROSTER, S.REVIEW_NOTES},
    "director": {S.VIEW, S.VIEW_ROSTER, S.TAKE_ATTENDANCE, S.MANAGE},
    "clinician": {S.VIEW},
    "colleague": {S.VIEW},
    "intake": {S.VIEW},
    "prescriber": {S.VIEW},
    "biller": set(),
    "admin": set(),
    "outsider": set(),
    "portal": set(),
}


class SessionPolicyTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = make_session(
            cls.cast.program, cls.cast.supervisee, clients=[cls.cast.client, cls.cast.other_client]
        )

    def test_it_allows_exactly_the_table_row(self):
        for member, expected in EXPECTED.items():
            with self.subTest(member=member):
                user = getattr(self.cast, member)
                self.assertEqual(access.session_permissions(user, self.session), expected)

    def test_it_lists_sessions_exactly_when_the_action_is_allowed(self):
        for member, expected in EXPECTED.items():
            user = getattr(self.cast, member)
            for action in S:
                with self.subTest(member=member, action=action):
                    listed = access.sessions_for(user, action).filter(pk=self.session.pk).exists()
                    self.assertEqual(listed, action in expected)

    def _request(self, user):
        request = RequestFactory().get("/")
        request.user = user
        request.session = {}
        return request

    def test_it_answers_404_outside_the_program_and_403_without_the_action(self):
        with self.assertRaises(Http404):
            access.session_for(self._request(self.cast.outsider), self.session.pk)
        with self.assertRaises(PermissionDenied):
            access.session_for(self._request(self.cast.colleague), self.session.pk, S.VIEW_ROSTER)
        found = access.session_for(self._request(self.cast.supervisee), self.session.pk)
        self.assertEqual(found.pk, self.session.pk)
