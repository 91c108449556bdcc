"""Managing a client's care team after admission: the page and its three actions through the
door with the fixed cast, bad input refused with a message and nothing written, each change
audited, and the page in a fixed number of queries."""

from django.db import connection
from django.urls import reverse

from cairn.accounts import access
from cairn.accounts.roles import Role
from cairn.audit.models import AuditEvent
from cairn.clients import care_team
from cairn.clients.models import CareTeamMember, Episode
from cairn.clients.tests.permissions import PermissionTableMixin, ViewSpec
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import add_to_team, make_user


def _client(test):
    return {"client_id": test.cast.client.pk}


def _member(test):
    member = CareTeamMember.objects.get(client=test.cast.client, user=test.cast.supervisee)
    return {"client_id": test.cast.client.pk, "team_member_id": member.pk}


class CareTeamPermissionTest(PermissionTableMixin, CastTestCase):
    VIEWS = [
        ViewSpec("clients:care_team", _client, "clinician", read_only="intake"),
        ViewSpec(
            "clients:care_team_add", _client, "clinician", "intake", methods=("post",), wrong="get"
        ),
        ViewSpec(
            "clients:care_team_primary",
            _client,
            "clinician",
            "intake",
            methods=("post",),
            wrong="get",
        ),
        ViewSpec(
            "clients:care_team_remove",
            _member,
            "clinician",
            "intake",
            methods=("post",),
            wrong="get",
        ),
    ]

    def test_the_director_may_manage_the_team(self):
        self.login(self.cast.director)
        self.assertEqual(
            self.client.get(reverse("clients:care_team", kwargs=_client(self))).status_code, 200
        )

    def test_those_who_may_not_manage_it_change_nothing(self):
        for member in ("prescriber", "intake", "colleague", "outsider", "biller"):
            with self.subTest(member=member):
                self.login(getattr(self.cast, member))
                before = list(CareTeamMember.objects.values_list("pk", "active", "role"))
                self.client.post(
                    reverse("clients:care_team_add", kwargs=_client(self)),
                    {"add-user": self.cast.colleague.pk, "add-role": "clinician"},
                )
                self.client.post(
                    reverse("clients:care_team_primary", kwargs=_client(self)),
                    {"primary-user": self.cast.colleague.pk, "primary-version": 1},
                )
                self.client.post(reverse("clients:care_team_remove", kwargs=_member(self)))
                self.assertEqual(
                    list(CareTeamMember.objects.values_list("pk", "active", "role")), before
                )
                self.assertIn(
                    self.client.get(reverse("clients:care_team", kwargs=_client(self))).status_code,
                    (403, 404),
                )


class CareTeamPageTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse("clients:care_team", kwargs=_client(self))
        self.episode = Episode.objects.get(client=self.cast.client)

    def post(self, name, data, **kwargs):
        return self.client.post(reverse(f"clients:{name}", kwargs=kwargs or _client(self)), data)

    def team(self):
        return {
            m.user.username: m.role
            for m in CareTeamMember.objects.filter(client=self.cast.client, active=True)
        }

    def test_it_lists_the_team_and_offers_care_staff_not_on_it(self):
        page = self.client.get(self.url)
        self.assertContains(page, self.cast.clinician.display_name)
        self.assertContains(page, "Primary clinician")
        choices = page.context["add_form"].fields["user"].queryset
        self.assertIn(self.cast.colleague, choices)
        self.assertIn(self.cast.supervisor, choices)
        for absent in ("clinician", "supervisee", "prescriber", "intake", "biller", "outsider"):
            self.assertNotIn(getattr(self.cast, absent), choices, absent)

    def test_it_adds_someone_and_records_it(self):
        response = self.post(
            "care_team_add", {"add-user": self.cast.colleague.pk, "add-role": "family_therapist"}
        )
        self.assertRedirects(response, self.url)
        member = CareTeamMember.objects.get(client=self.cast.client, user=self.cast.colleague)
        self.assertEqual((member.role, member.added_by), ("family_therapist", self.cast.clinician))
        event = AuditEvent.objects.get(action="care_team.add")
        self.assertEqual((event.client_id, event.object_id), (self.cast.client.pk, str(member.pk)))

    def test_a_new_member_can_open_the_chart(self):
        self.post("care_team_add", {"add-user": self.cast.colleague.pk, "add-role": "clinician"})
        self.login(self.cast.colleague)
        chart = reverse("clients:chart", kwargs=_client(self))
        self.assertEqual(self.client.get(chart).status_code, 200)

    def test_it_refuses_bad_additions_with_a_message_and_writes_nothing(self):
        cases = {
            "someone of another program": {
                "add-user": self.cast.outsider.pk,
                "add-role": "clinician",
            },
            "someone already on the team": {
                "add-user": self.cast.supervisee.pk,
                "add-role": "clinician",
            },
            "an intake coordinator": {"add-user": self.cast.intake.pk, "add-role": "clinician"},
            "no one": {"add-user": "", "add-role": "clinician"},
            "no role": {"add-user": self.cast.colleague.pk, "add-role": ""},
            "the primary role": {"add-user": self.cast.colleague.pk, "add-role": "primary"},
        }
        for case, data in cases.items():
            with self.subTest(case):
                before = self.team()
                response = self.post("care_team_add", data)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["add_form"].errors)
                self.assertEqual(self.team(), before)
        self.assertFalse(AuditEvent.objects.filter(action="care_team.add").exists())

    def test_it_removes_someone_who_then_loses_access(self):
        response = self.post("care_team_remove", {}, **_member(self))
        self.assertRedirects(response, self.url)
        member = CareTeamMember.objects.get(client=self.cast.client, user=self.cast.supervisee)
        self.assertFalse(member.active)
        self.assertEqual(member.removed_by, self.cast.clinician)
        self.assertTrue(AuditEvent.objects.filter(action="care_team.remove").exists())
        self.assertContains(self.client.get(self.url), "Earlier members (1)")
        self.login(self.cast.supervisee)
        chart = reverse("clients:chart", kwargs=_client(self))
        self.assertEqual(self.client.get(chart).status_code, 404)

    def test_it_refuses_to_remove_the_primary_clinician(self):
        primary = CareTeamMember.objects.get(client=self.cast.client, user=self.cast.clinician)
        response = self.client.post(
            reverse(
                "clients:care_team_remove",
                kwargs={"client_id": self.cast.client.pk, "team_member_id": primary.pk},
            ),
            follow=True,
        )
        self.assertContains(response, "choose a new primary clinician first")
        primary.refresh_from_db()
        self.assertTrue(primary.active)

    def test_it_refuses_a_member_of_another_clients_team(self):
        other = add_to_team(self.cast.other_client, self.cast.colleague)
        response = self.post(
            "care_team_remove", {}, client_id=self.cast.client.pk, team_member_id=other.pk
        )
        self.assertEqual(response.status_code, 404)
        other.refresh_from_db()
        self.assertTrue(other.active)

    def test_someone_who_removes_themselves_lands_on_the_client_list(self):
        self.login(self.cast.supervisee)
        response = self.post("care_team_remove", {}, **_member(self))
        self.assertRedirects(response, reverse("clients:census"))

    def test_it_changes_the_primary_clinician(self):
        response = self.post(
            "care_team_primary",
            {"primary-user": self.cast.colleague.pk, "primary-version": self.episode.version},
        )
        self.assertRedirects(response, self.url)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.primary_clinician, self.cast.colleague)
        self.assertEqual(self.team()["colleague"], "primary")
        self.assertEqual(self.team()["clinician"], "clinician")
        event = AuditEvent.objects.get(action="care_team.primary")
        self.assertEqual(event.detail["to"], self.cast.colleague.pk)

    def test_it_refuses_a_stale_or_bad_change_of_primary(self):
        self.episode.primary_clinician = self.cast.clinician
        self.episode.save()
        cases = {
            "a stale page": (
                {"primary-user": self.cast.colleague.pk, "primary-version": 99},
                "Someone else changed",
            ),
            "a prescriber": (
                {"primary-user": self.cast.prescriber.pk, "primary-version": self.episode.version},
                "Choose a clinician or supervisor",
            ),
            "the current primary": (
                {"primary-user": self.cast.clinician.pk, "primary-version": self.episode.version},
                "already the primary clinician",
            ),
            "no one": (
                {"primary-user": "", "primary-version": self.episode.version},
                "This field is required",
            ),
        }
        for case, (data, message) in cases.items():
            with self.subTest(case):
                before = self.team()
                response = self.post("care_team_primary", data)
                self.assertContains(response, message, status_code=400)
                self.assertEqual(self.team(), before)
                self.episode.refresh_from_db()
                self.assertEqual(self.episode.primary_clinician, self.cast.clinician)

    def test_the_page_makes_a_fixed_number_of_queries(self):
        lock = 1 if connection.vendor == "postgresql" else 0  # the audit chain's advisory lock
        self.client.get(self.url)
        with self.assertNumQueries(18 + lock):
            self.client.get(self.url)
        for n in range(4):
            staff = make_user(roles=[Role.CLINICIAN], program=self.cast.program)
            member = care_team.add_member(
                self.cast.client, staff, "clinician", by=self.cast.clinician
            )
            if n % 2:
                care_team.remove_member(member, by=self.cast.clinician)
        with self.assertNumQueries(18 + lock):
            self.client.get(self.url)


class CareTeamOperationsTest(CastTestCase):
    def test_the_primary_of_a_client_without_an_episode_is_the_team_role(self):
        Episode.objects.filter(client=self.cast.client).update(
            status="discharged", discharged_on="2026-01-01", admitted_on="2025-12-01"
        )
        care_team.change_primary(self.cast.client, self.cast.supervisor, by=self.cast.director)
        self.assertEqual(care_team.current_primary(self.cast.client), self.cast.supervisor)
        roles = dict(
            CareTeamMember.objects.filter(client=self.cast.client, active=True).values_list(
                "user__username", "role"
            )
        )
        self.assertEqual(roles["supervisor"], "primary")
        self.assertEqual(roles["clinician"], "clinician")

    def test_removal_ends_access_through_the_door(self):
        member = CareTeamMember.objects.get(client=self.cast.client, user=self.cast.supervisee)
        care_team.remove_member(member, by=self.cast.clinician)
        allowed = access.clients_for(self.cast.supervisee, "view_chart")
        self.assertNotIn(self.cast.client, allowed)
