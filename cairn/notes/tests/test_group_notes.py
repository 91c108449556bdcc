"""Group notes (issue 7.2): one screen, one note per present member, and no member ever sees
another's name or entry (asserted on every member's rendered chart)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cairn.notes import group
from cairn.notes.forms import GroupNoteForm
from cairn.notes.models import GroupNote, Note, Status
from cairn.notes.tests.factories import group_form_data, written_group
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import PASSWORD, add_to_team, make_client, make_episode
from cairn.testing.sessions import make_session

FIRST_NAMES = [
    "Avery",
    "Bellamy",
    "Corin",
    "Dashiell",
    "Emrys",
    "Fenwick",
    "Galen",
    "Hollis",
    "Ivo",
    "Jareth",
    "Kestrel",
    "Lorcan",
    "Marlowe",
    "Niamh",
    "Oriel",
]


def make_group(cast, size, facilitator=None):
    """A group session of ``size`` members (the cast's client first), all on one care team."""
    facilitator = facilitator or cast.clinician
    members = [cast.client] + [
        make_client(cast.program, first_name=FIRST_NAMES[i], last_name=f"Member{i}")
        for i in range(size - 1)
    ]
    for member in members[1:]:
        make_episode(member)
        add_to_team(member, cast.clinician)
    return make_session(cast.program, facilitator, clients=members), members


class GroupNoteFlowTest(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session, cls.members = make_group(cls.cast, 4)

    def setUp(self):
        self.login(self.cast.clinician)
        self.url = reverse("notes:group", kwargs={"session_id": self.session.pk})

    def start(self, fmt="GIRP", **extra):
        return self.client.post(
            reverse("notes:group_start", kwargs={"session_id": self.session.pk}),
            {"format": fmt, **extra},
        )

    def sign(self, data, secret=PASSWORD):
        return self.client.post(
            reverse("notes:group_sign", kwargs={"session_id": self.session.pk}),
            {**data, "secret": secret},
        )

    def test_it_offers_to_start_the_group_note_with_the_roster(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Start the group note")
        for member in self.members:
            self.assertContains(response, member.display_name)

    def test_it_starts_one_entry_per_booked_member(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        self.assertEqual(note.entries.count(), 4)
        self.assertEqual(note.author, self.cast.clinician)
        self.assertEqual(note.due_at, self.session.ends_at + timedelta(hours=24))

    def test_it_shows_every_member_on_one_screen(self):
        self.start()
        response = self.client.get(self.url)
        for member in self.members:
            self.assertContains(response, f"m{member.pk}-participation")
        self.assertContains(response, "shared-group_process")

    def test_it_signs_one_note_per_present_member_with_the_shared_part(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        words = {m: f"Word{i}" for i, m in enumerate(self.members[:3])}
        data = written_group(note, words)
        data = group_form_data(
            note,
            members={self.members[3]: None},
            **{
                k: v
                for k, v in data.items()
                if k.startswith(("shared-", "m")) and not k.startswith(f"m{self.members[3].pk}-")
            },
        )
        response = self.sign(data)
        self.assertRedirects(response, self.url)
        notes = Note.objects.filter(group_note=note)
        self.assertEqual({n.client_id for n in notes}, {m.pk for m in self.members[:3]})
        for member_note in notes:
            self.assertEqual(member_note.status, Status.SIGNED)
            self.assertEqual(member_note.shared_sections, GroupNote.objects.get().shared_sections)
            self.assertIn(words[member_note.client], member_note.sections["plan"])
        self.assertEqual(GroupNote.objects.get().status, Status.SIGNED)

    def test_it_refuses_a_wrong_password_and_changes_nothing(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        before = note.version
        response = self.sign(written_group(note, {self.cast.client: "Calm"}), secret="wrong-one")
        self.assertContains(response, "isn&#x27;t right. Nothing was signed.", status_code=400)
        note.refresh_from_db()
        self.assertEqual((note.status, note.version), (Status.DRAFT, before))
        self.assertFalse(Note.objects.exists())
        self.assertNotIn("Calm", str(note.entries.values_list("sections", flat=True)))
        self.assertContains(response, "Calm plan entry.", status_code=400)  # text kept on screen

    def test_it_refuses_a_member_who_is_not_in_the_session(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        data = written_group(note, {self.cast.client: "Calm"})
        stranger = self.cast.other_client
        data[f"m{stranger.pk}-present"] = "on"
        data[f"m{stranger.pk}-plan"] = "Sneaked in"
        response = self.sign(data)
        self.assertContains(response, "isn&#x27;t in this session", status_code=400)
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_another_members_name_in_a_members_part(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        other = self.members[1]
        data = written_group(note, {self.cast.client: "Calm"})
        data[f"m{self.cast.client.pk}-response"] = f"Supported {other.first_name} warmly."
        response = self.sign(data)
        self.assertContains(response, f"Names another member ({other.first_name})", status_code=400)
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_a_members_name_in_the_shared_part(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        data = written_group(note, {})
        data["shared-group_process"] = f"{self.cast.client.last_name} led the check-in."
        response = self.sign(data)
        self.assertContains(response, "The shared part goes into every", status_code=400)
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_signing_with_an_empty_section(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        data = written_group(note, dict.fromkeys(self.members, "Ok"))
        data[f"m{self.members[2].pk}-plan"] = ""
        response = self.sign(data)
        self.assertContains(
            response, f"Write {self.members[2].first_name}&#x27;s Plan", status_code=400
        )
        self.assertFalse(Note.objects.exists())

    def test_it_refuses_changes_after_signing(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        self.sign(written_group(note, {m: f"W{i}" for i, m in enumerate(self.members)}))
        signed = GroupNote.objects.get()
        data = group_form_data(signed, **{"shared-topic": "Rewritten"})
        for target in (self.url, reverse("notes:group_sign", args=[self.session.pk])):
            with self.subTest(target=target):
                response = self.client.post(target, {**data, "secret": PASSWORD}, follow=True)
                self.assertContains(response, "signed and can&#x27;t be changed")
        signed.refresh_from_db()
        self.assertNotEqual(signed.shared_sections["topic"], "Rewritten")
        self.assertEqual(Note.objects.filter(shared_sections__topic="Rewritten").count(), 0)

    def test_it_autosaves_with_htmx_and_bumps_the_version(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        data = group_form_data(note, **{"shared-topic": "Urge surfing"})
        response = self.client.post(self.url, data, headers={"HX-Request": "true"})
        self.assertContains(response, "Saved at")
        self.assertContains(response, f'value="{note.version + 1}"')
        note.refresh_from_db()
        self.assertEqual(note.shared_sections["topic"], "Urge surfing")

    def test_it_reports_a_conflict_when_the_draft_changed_elsewhere(self):
        self.start()
        note = GroupNote.objects.get(session=self.session)
        stale = group_form_data(note, **{"shared-topic": "First"})
        self.client.post(self.url, stale, headers={"HX-Request": "true"})
        response = self.client.post(self.url, {**stale, "shared-topic": "Second"})
        self.assertContains(response, "changed in another window", status_code=409)
        note.refresh_from_db()
        self.assertEqual(note.shared_sections["topic"], "First")


class GroupIsolationTest(CastTestCase):
    """Every member's rendered chart holds the shared part and their own part only."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session, cls.members = make_group(cls.cast, 6)
        group_note = group.start_group_note(cls.session, by=cls.cast.clinician, fmt="GIRP")
        cls.words = {m: f"Zq{i}entry" for i, m in enumerate(cls.members)}
        data = written_group(group_note, cls.words)
        form = GroupNoteForm(data, group_note=group_note, entries=list(group_note.entries.all()))
        assert form.is_valid(), form.errors
        group.sign_group_note(
            group_note,
            by=cls.cast.clinician,
            data=form.service_data(),
            shared=form.shared(),
            members=form.members(),
            version=form.cleaned_data["version"],
        )

    def test_it_shows_no_other_members_name_or_entry_in_any_members_chart(self):
        self.login(self.cast.clinician)
        for member in self.members:
            note = Note.objects.get(client=member)
            pages = [
                self.client.get(reverse("notes:chart", args=[member.pk])),
                self.client.get(reverse("notes:detail", args=[note.pk])),
            ]
            others = [m for m in self.members if m != member]
            for response in pages:
                with self.subTest(member=member.first_name, page=response.request["PATH_INFO"]):
                    self.assertEqual(response.status_code, 200)
                    html = response.content.decode()
                    self.assertIn(member.last_name, html)
                    for other in others:
                        self.assertNotIn(other.first_name, html)
                        self.assertNotIn(other.last_name, html)
                        self.assertNotIn(self.words[other], html)
            self.assertIn(self.words[member], pages[1].content.decode())
            self.assertIn("Shared topic about coping", pages[1].content.decode())

    def test_it_stores_only_the_members_own_part_in_each_note(self):
        for note in Note.objects.select_related("client"):
            stored = str(note.sections) + str(note.shared_sections)
            for other, word in self.words.items():
                if other != note.client:
                    self.assertNotIn(word, stored)


class GroupSigningQueriesTest(CastTestCase):
    """Signing a group note is one transaction with a fixed number of queries, whatever the
    number of members (issue 7, performance)."""

    def sign(self, size):
        session, members = make_group(self.cast, size)
        group_note = group.start_group_note(session, by=self.cast.clinician, fmt="GIRP")
        data = written_group(group_note, {m: f"W{i}" for i, m in enumerate(members)})
        entries = list(group_note.entries.select_related("client"))
        form = GroupNoteForm(data, group_note=group_note, entries=entries)
        assert form.is_valid(), form.errors
        kwargs = {
            "data": form.service_data(),
            "shared": form.shared(),
            "members": form.members(),
            "version": form.cleaned_data["version"],
        }
        with CaptureQueriesContext(connection) as queries:
            notes = group.sign_group_note(group_note, by=self.cast.clinician, **kwargs)
        self.assertEqual(len(notes), size)
        return [q["sql"] for q in queries.captured_queries]

    def test_it_signs_fifteen_members_with_as_many_queries_as_three(self):
        three = self.sign(3)
        fifteen = self.sign(15)
        self.assertEqual(len(fifteen), len(three))
        expected = {"sqlite": 15, "postgresql": 16}[connection.vendor]
        self.assertEqual(len(fifteen), expected, "\n".join(fifteen))


class PresentFromAttendanceTest(CastTestCase):
    """A group note starts with each member ticked as attendance recorded them (issue 6/7)."""

    def test_it_unticks_members_recorded_absent_and_keeps_untaken_ones_present(self):
        from cairn.attendance.models import AttendanceRecord

        session, members = make_group(self.cast, 3)
        recorder = self.cast.clinician
        AttendanceRecord.objects.create(
            session=session,
            client=members[0],
            status="present",
            minutes=180,
            recorded_by=recorder,
        )
        AttendanceRecord.objects.create(
            session=session,
            client=members[1],
            status="absent_excused",
            minutes=0,
            recorded_by=recorder,
        )
        group_note = group.start_group_note(session, by=recorder, fmt="GIRP")
        present = dict(group_note.entries.values_list("client_id", "present"))
        self.assertEqual(present, {members[0].pk: True, members[1].pk: False, members[2].pk: True})
