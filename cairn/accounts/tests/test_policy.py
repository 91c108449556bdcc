"""The access policy as a table (issue 3, point 2): every cast member × every client action.

Each row says which actions a member of the cast may take on ``cast.client``. Adding an action
or a role means adding its column or row here."""

from cairn.accounts import access
from cairn.accounts.policy import Action, ProgramAction, Relation, allowed_actions, program_allows
from cairn.accounts.roles import Role
from cairn.testing.cases import CastTestCase

A = Action
TEAM_CARE = {
    A.VIEW_DEMOGRAPHICS,
    A.EDIT_REGISTRATION,
    A.VIEW_CHART,
    A.WRITE_CLINICAL,
    A.MANAGE_EPISODE,
    A.SCHEDULE_CLIENT,
    A.MANAGE_CONSENTS,
    A.RELEASE_RECORDS,
    A.INVITE_TO_PORTAL,
}
EXPECTED = {
    "clinician": TEAM_CARE,
    "supervisee": TEAM_CARE,
    "supervisor": TEAM_CARE,  # through supervision of the supervisee on the team
    "prescriber": {A.VIEW_DEMOGRAPHICS, A.VIEW_CHART, A.WRITE_CLINICAL, A.MANAGE_MEDICATIONS},
    "director": {
        A.VIEW_DEMOGRAPHICS,
        A.EDIT_REGISTRATION,
        A.MANAGE_COVERAGE,
        A.VIEW_CHART,
        A.MANAGE_EPISODE,
        A.SCHEDULE_CLIENT,
        A.VIEW_BILLING,
        A.MANAGE_CONSENTS,
        A.RELEASE_RECORDS,
        A.EXPORT_RECORD,
        A.VIEW_CLIENT_AUDIT,
        A.INVITE_TO_PORTAL,
    },
    "intake": {
        A.VIEW_DEMOGRAPHICS,
        A.EDIT_REGISTRATION,
        A.MANAGE_COVERAGE,
        A.SCHEDULE_CLIENT,
        A.MANAGE_CONSENTS,
    },
    "biller": {A.VIEW_DEMOGRAPHICS, A.MANAGE_COVERAGE, A.VIEW_BILLING},
    "colleague": set(),
    "outsider": set(),
    "admin": set(),
    "portal": {A.PORTAL},
    "other_portal": set(),
}


class PolicyTableTest(CastTestCase):
    def test_it_allows_exactly_the_table_row(self):
        for member, expected in EXPECTED.items():
            with self.subTest(member=member):
                user = getattr(self.cast, member)
                loaded = access._load_client(user, self.cast.client.pk)
                self.assertEqual(
                    access.permissions(access.subject(user), loaded), frozenset(expected)
                )

    def test_it_lists_the_client_exactly_when_the_action_is_allowed(self):
        for member, expected in EXPECTED.items():
            user = getattr(self.cast, member)
            for action in Action:
                with self.subTest(member=member, action=action):
                    listed = (
                        access.clients_for(user, action).filter(pk=self.cast.client.pk).exists()
                    )
                    self.assertEqual(listed, action in expected)

    def test_it_hides_a_team_client_once_the_role_in_its_program_is_gone(self):
        self.cast.clinician.role_assignments.all().delete()
        user = type(self.cast.clinician).objects.get(pk=self.cast.clinician.pk)
        loaded = access._load_client(user, self.cast.client.pk)
        self.assertEqual(access.permissions(access.subject(user), loaded), frozenset())


def test_it_gives_break_the_glass_read_and_document_only():
    allowed = allowed_actions(frozenset(), {Relation.GLASS}, frozenset({Role.CLINICIAN}))
    assert allowed == {A.VIEW_DEMOGRAPHICS, A.VIEW_CHART, A.WRITE_CLINICAL}


def test_it_gives_an_admin_nothing_clinical_even_with_every_relation():
    relations = {Relation.PROGRAM, Relation.TEAM, Relation.SUPERVISES, Relation.GLASS}
    allowed = allowed_actions(frozenset({Role.ADMIN}), relations, frozenset({Role.ADMIN}))
    assert allowed == frozenset()


#: Program actions added by the admissions issue: who sees the board and who works it.
ADMISSIONS_EXPECTED = {
    "intake": {"view_admissions", "manage_admissions"},
    "clinician": {"view_admissions", "manage_admissions"},
    "supervisor": {"view_admissions", "manage_admissions"},
    "director": {"view_admissions", "manage_admissions"},
    "prescriber": {"view_admissions"},
    "biller": set(),
    "admin": set(),
}


class AdmissionsProgramActionTest(CastTestCase):
    def test_it_allows_exactly_the_table_row(self):
        from cairn.accounts.policy import ProgramAction, program_allows

        actions = (ProgramAction.VIEW_ADMISSIONS, ProgramAction.MANAGE_ADMISSIONS)
        for member, expected in ADMISSIONS_EXPECTED.items():
            with self.subTest(member=member):
                roles = access.subject(getattr(self.cast, member)).roles_in(self.cast.program.pk)
                allowed = {a for a in actions if program_allows(roles, a)}
                self.assertEqual(allowed, expected)


def test_it_lets_care_staff_and_directors_see_attendance():
    """ProgramAction.VIEW_ATTENDANCE (issue 6): the attendance lists and the weekly-hours
    board, each person seeing the clients the door lets them see."""
    allowed = {
        role for role in Role if program_allows(frozenset({role}), ProgramAction.VIEW_ATTENDANCE)
    }
    assert allowed == {Role.CLINICIAN, Role.SUPERVISOR, Role.PRESCRIBER, Role.DIRECTOR}


def test_it_lets_an_api_system_client_read_its_program_and_submit_answers():
    """Issue 13: a FHIR system client holds the ``system`` role with the program relation."""
    from cairn.accounts.policy import SYSTEM_ROLE

    allowed = allowed_actions(frozenset({SYSTEM_ROLE}), {Relation.PROGRAM})
    assert allowed == {A.VIEW_DEMOGRAPHICS, A.VIEW_CHART, A.WRITE_CLINICAL, A.VIEW_CLIENT_AUDIT}


class SystemPrincipalTest(CastTestCase):
    def test_it_lists_exactly_the_clients_of_its_program(self):
        principal = access.SystemPrincipal(self.cast.program.pk, "test")
        listed = set(access.clients_for(principal, A.VIEW_CHART).values_list("pk", flat=True))
        self.assertIn(self.cast.client.pk, listed)
        self.assertNotIn(self.cast.foreign_client.pk, listed)
        self.assertFalse(access.clients_for(principal, A.EXPORT_RECORD).exists())
