"""Writing and signing a group note in a real browser (issue 7 tests): one screen for the
shared part and every member; autosave, including the save before automatic sign-out; a
wrong password refused; signing puts one note in each present member's chart, naming nobody
else."""

from datetime import timedelta
from urllib.parse import parse_qs

from django.utils import timezone
from playwright.sync_api import expect

from cairn.notes.models import GroupNote, Note
from cairn.testing.browser import BrowserTestCase
from cairn.testing.cast import build_cast
from cairn.testing.factories import PASSWORD, add_to_team, make_client, make_episode
from cairn.testing.sessions import make_session


class GroupNoteBrowserTest(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.cast = build_cast()
        self.third = make_client(self.cast.program, first_name="Quill", last_name="Ashdown")
        make_episode(self.third)
        for member in (self.cast.other_client, self.third):
            add_to_team(member, self.cast.clinician)
        self.members = [self.cast.client, self.cast.other_client, self.third]
        self.session = make_session(
            self.cast.program,
            self.cast.clinician,
            clients=self.members,
            day=timezone.localdate() - timedelta(days=1),
        )

    def member(self, client):
        return self.page.locator(f"#member-{client.pk}")

    def test_it_writes_and_signs_a_group_note_for_every_present_member(self):
        page = self.page
        self.sign_in_with_totp(self.cast.clinician)
        page.wait_for_url(self.url("/"))
        page.goto(self.url(f"/sessions/{self.session.pk}/group-note/"))
        page.get_by_role("button", name="Start the group note").click()

        page.get_by_label("Topic").fill("Urge surfing and early warning signs.")
        page.get_by_label("Intervention", exact=True).fill("Guided urge-surfing exercise; CBT.")
        page.get_by_label("Group process").fill("Engaged and supportive throughout.")
        for client, word in zip(self.members[:2], ["Heron", "Willow"], strict=True):
            block = self.member(client)
            for label in ("Goal", "Participation", "Response", "Progress", "Plan"):
                block.get_by_label(label, exact=True).fill(f"{word} {label.lower()} entry.")
        absent = self.member(self.third)
        absent.get_by_label(f"{self.third.display_name} was present").uncheck()
        assert absent.locator("[data-member-fields]").is_hidden()

        status = page.locator("#save-status")
        status.get_by_text("Saved at").wait_for()
        group_note = GroupNote.objects.get(session=self.session)
        assert group_note.shared_sections["topic"] == "Urge surfing and early warning signs."

        # A minute before automatic sign-out the page saves what was just typed, passively (the
        # save must not keep the session alive).
        self.member(self.cast.client).get_by_label("Plan").fill("Heron plan, final words.")
        with page.expect_request(
            lambda r: r.method == "POST" and r.headers.get("x-cairn-passive") == "1"
        ) as passive:
            page.evaluate("document.dispatchEvent(new CustomEvent('cairn:idle-warning'))")
        posted = parse_qs(passive.value.post_data)
        assert posted[f"m{self.cast.client.pk}-plan"] == ["Heron plan, final words."]
        assert "Saved at" in passive.value.response().text()

        page.get_by_label("Your password or a code from your authenticator app").fill("wrong!")
        page.get_by_role("button", name="Sign for every member present").click()
        expect(page.locator(".invalid-feedback").first).to_contain_text("Nothing was signed.")
        assert page.get_by_label("Topic").input_value() == "Urge surfing and early warning signs."

        page.get_by_label("Your password or a code from your authenticator app").fill(PASSWORD)
        page.get_by_role("button", name="Sign for every member present").click()
        page.get_by_text("Each of the 2 members present").wait_for()

        notes = Note.objects.filter(group_note=group_note)
        assert notes.get(client=self.cast.client).sections["plan"] == "Heron plan, final words."
        assert {n.client_id for n in notes} == {self.cast.client.pk, self.cast.other_client.pk}
        for client, mine, theirs in [
            (self.cast.client, "Heron", "Willow"),
            (self.cast.other_client, "Willow", "Heron"),
        ]:
            note = notes.get(client=client)
            page.goto(self.url(f"/notes/{note.pk}/"))
            text = page.locator("main").inner_text()
            assert mine in text and "Urge surfing" in text
            others = [m for m in self.members if m != client]
            for word in [theirs] + [o.first_name for o in others] + [o.last_name for o in others]:
                assert word not in text, word
        # The one failed request is the wrong password's refusal (400).
        assert all("400 (Bad Request)" in e for e in self.console_errors), self.console_errors
