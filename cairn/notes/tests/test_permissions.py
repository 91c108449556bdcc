"""Every notes view with the fixed cast (STYLE.md convention 4): who may, who gets 404 (out of
scope), who gets 403 (visible, not allowed), the wrong method 405, anonymous to sign-in."""

from django.urls import reverse

from cairn.notes import group
from cairn.notes.tests.factories import make_note
from cairn.testing.cases import CastTestCase, ViewTableTests
from cairn.testing.sessions import make_session

OK = (200, 302)


class NotesPermissionTest(ViewTableTests, CastTestCase):
    method_user = "clinician"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        c = cls.cast
        cls.signed = make_note(c.client, c.clinician, signed=True)
        cls.draft = make_note(c.client, c.clinician)
        cls.session = make_session(c.program, c.clinician, clients=[c.client, c.other_client])
        cls.started = make_session(c.program, c.clinician, clients=[c.client], title="Started")
        group.start_group_note(cls.started, by=c.clinician, fmt="GIRP")

    def views(self):
        c, s, st = self.cast, self.session.pk, self.started.pk
        client, signed, draft = c.client.pk, self.signed.pk, self.draft.pk
        note_roles = {
            "clinician": OK,
            "director": 403,
            "biller": 403,
            "intake": 403,
            "colleague": 404,
            "outsider": 404,
            "admin": 404,
        }
        return [
            # name, url, method, {user: expected}, wrong method
            (
                "chart",
                reverse("notes:chart", args=[client]),
                "get",
                {
                    "clinician": OK,
                    "supervisee": OK,
                    "prescriber": OK,
                    "supervisor": OK,
                    "director": OK,
                    "biller": 403,
                    "intake": 403,
                    "colleague": 404,
                    "outsider": 404,
                    "admin": 404,
                },
                "post",
            ),
            ("new", reverse("notes:new", args=[client]), "get", note_roles, "put"),
            (
                "detail",
                reverse("notes:detail", args=[signed]),
                "get",
                {**note_roles, "director": OK, "supervisee": OK},
                "post",
            ),
            (
                "edit",
                reverse("notes:edit", args=[draft]),
                "get",
                {**note_roles, "supervisee": 404},
                "put",
            ),
            (
                "sign",
                reverse("notes:sign", args=[draft]),
                "post",
                {**note_roles, "supervisee": 404, "clinician": (400,)},
                "get",
            ),
            (
                "addendum",
                reverse("notes:addendum", args=[signed]),
                "post",
                {**note_roles, "clinician": (400,)},
                "get",
            ),
            (
                "cosign",
                reverse("notes:cosign", args=[signed]),
                "post",
                {"clinician": 403, "director": 403, "biller": 403, "outsider": 404},
                "get",
            ),
            (
                "counseling",
                reverse("notes:counseling", args=[client]),
                "get",
                {**note_roles, "director": OK},
                "put",
            ),
            (
                "group",
                reverse("notes:group", args=[s]),
                "get",
                {
                    "clinician": OK,
                    "supervisor": 403,
                    "director": 403,
                    "colleague": 403,
                    "biller": 404,
                    "outsider": 404,
                },
                "put",
            ),
            (
                "group_start",
                reverse("notes:group_start", args=[s]),
                "post",
                {"clinician": OK, "director": 403, "colleague": 403, "outsider": 404},
                "get",
            ),
            (
                "group_sign",
                reverse("notes:group_sign", args=[st]),
                "post",
                {"clinician": (400,), "director": 403, "colleague": 403, "outsider": 404},
                "get",
            ),
            (
                "group_cosign",
                reverse("notes:group_cosign", args=[st]),
                "post",
                {"clinician": 403, "director": 403, "outsider": 404},
                "get",
            ),
            (
                "group_addendum",
                reverse("notes:group_addendum", args=[st]),
                "post",
                {"clinician": OK, "director": 403, "outsider": 404},
                "get",
            ),
            ("mine", reverse("notes:mine"), "get", {"clinician": OK, "director": OK}, "post"),
            (
                "cosign_queue",
                reverse("notes:cosign_queue"),
                "get",
                {"supervisor": OK, "clinician": 403, "director": 403},
                "post",
            ),
            (
                "timeliness",
                reverse("notes:timeliness"),
                "get",
                {"director": OK, "clinician": 403, "supervisor": 403, "biller": 403},
                "post",
            ),
        ]


class ChartListQueriesTest(CastTestCase):
    """The Notes tab's query count doesn't grow with the number of notes."""

    def count(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = reverse("notes:chart", args=[self.cast.client.pk])
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_it_keeps_the_query_count_flat(self):
        self.login(self.cast.clinician)
        make_note(self.cast.client, self.cast.clinician, signed=True)
        self.count()
        before = self.count()
        session = make_session(self.cast.program, self.cast.clinician, clients=[self.cast.client])
        for _i in range(12):
            make_note(self.cast.client, self.cast.prescriber, signed=True, session=session)
            make_note(self.cast.client, self.cast.clinician, note_type="crisis", fmt="SOAP")
        self.assertEqual(self.count(), before)
