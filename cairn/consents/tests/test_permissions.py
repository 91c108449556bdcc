"""Every consents view with the fixed cast (STYLE.md convention 4): who may, who gets 404 (out
of scope), who gets 403 (visible, not allowed), the wrong method 405, anonymous to sign-in."""

from django.urls import reverse

from cairn.consents import disclosing
from cairn.consents.tests.factories import ALL_DATES, make_consent
from cairn.testing.cases import CastTestCase, ViewTableTests

OK = (200, 302)
MANAGE = {
    "clinician": OK,
    "supervisee": OK,
    "supervisor": OK,
    "director": OK,
    "intake": OK,
    "prescriber": 403,
    "biller": 403,
    "colleague": 404,
    "outsider": 404,
    "admin": 404,
}
RELEASE = {**MANAGE, "intake": 403}
DIRECTOR_ONLY = {**RELEASE, "clinician": 403, "supervisor": 403, "supervisee": 403}


class ConsentsPermissionTest(ViewTableTests, CastTestCase):
    method_user = "director"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        c = cls.cast
        cls.signed = make_consent(c.client, c.clinician)
        cls.unsigned = make_consent(c.client, c.clinician, signed=False)
        cls.disclosure = disclosing.release_with_consent(
            c.client, cls.signed, categories=["demographics"], period=ALL_DATES, by=c.clinician
        )
        cls.emergency = disclosing.release_in_emergency(
            c.client,
            recipient_name="Dr. Ray",
            recipient_organization="County ER",
            reason="Overdose",
            categories=["medications"],
            period=ALL_DATES,
            by=c.clinician,
        )

    def views(self):
        client = self.cast.client.pk
        signed, unsigned = self.signed.pk, self.unsigned.pk
        return [
            # name, url, method, {user: expected}, wrong method
            ("chart", reverse("consents:chart", args=[client]), "get", MANAGE, "post"),
            ("new", reverse("consents:new", args=[client]), "get", MANAGE, "put"),
            ("consent", reverse("consents:consent", args=[signed]), "get", MANAGE, "post"),
            ("consent_pdf", reverse("consents:consent_pdf", args=[signed]), "get", MANAGE, "post"),
            ("sign", reverse("consents:sign", args=[unsigned]), "get", MANAGE, "put"),
            ("revoke", reverse("consents:revoke", args=[signed]), "get", MANAGE, "put"),
            ("void", reverse("consents:void", args=[unsigned]), "get", MANAGE, "put"),
            ("disclose", reverse("consents:disclose", args=[client]), "get", RELEASE, "put"),
            (
                "disclose_package",
                reverse("consents:disclose", args=[client]) + f"?consent={signed}",
                "get",
                RELEASE,
                "put",
            ),
            ("emergency", reverse("consents:emergency", args=[client]), "get", RELEASE, "put"),
            (
                "disclosure",
                reverse("consents:disclosure", args=[self.disclosure.pk]),
                "get",
                MANAGE,
                "post",
            ),
            (
                "disclosure_pdf",
                reverse("consents:disclosure_pdf", args=[self.disclosure.pk]),
                "get",
                RELEASE,
                "post",
            ),
            (
                "review",
                reverse("consents:review", args=[self.emergency.pk]),
                "post",
                {**DIRECTOR_ONLY, "director": (200, 302, 400), "intake": 403},
                "get",
            ),
            (
                "review_queue",
                reverse("consents:review_queue"),
                "get",
                {"director": OK, "clinician": 403, "intake": 403, "biller": 403, "admin": 403},
                "post",
            ),
            ("accounting", reverse("consents:accounting", args=[client]), "get", MANAGE, "post"),
            (
                "accounting_pdf",
                reverse("consents:accounting_pdf", args=[client]),
                "get",
                MANAGE,
                "post",
            ),
            ("export", reverse("consents:export", args=[client]), "get", DIRECTOR_ONLY, "put"),
        ]

    def test_it_leaves_counseling_notes_to_the_records_custodian(self):
        consent = make_consent(
            self.cast.client, self.cast.clinician, categories=["counseling_notes"]
        )
        url = reverse("consents:disclose", args=[self.cast.client.pk]) + f"?consent={consent.pk}"
        self.login(self.cast.clinician)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.cast.director)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_shows_the_tab_to_those_who_manage_consents(self):
        chart = reverse("clients:chart", args=[self.cast.client.pk])
        tab = reverse("consents:chart", args=[self.cast.client.pk])
        for username, shown in [("intake", True), ("clinician", True), ("prescriber", False)]:
            with self.subTest(user=username):
                self.login(getattr(self.cast, username))
                self.assertEqual(tab in self.client.get(chart).content.decode(), shown)
