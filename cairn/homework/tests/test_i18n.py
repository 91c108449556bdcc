"""All portal text translatable, Spanish shipped (issue 11): the catalogue is complete and the
pages speak Spanish when the client chose it. The questionnaires' own wording stays as
published (validated translations are a separate, licensed text; README)."""

from pathlib import Path

import polib
from django.urls import reverse

from cairn.assessments.administration import start_administration
from cairn.testing.cases import CastTestCase

PO = Path(__file__).parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_it_translates_every_homework_string_into_spanish():
    po = polib.pofile(str(PO))
    assert len(po) > 100
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


class SpanishPagesTest(CastTestCase):
    def setUp(self):
        self.login(self.cast.portal)
        self.client.post(reverse("portal:language"), {"language": "es", "next": "/portal/"})

    def test_the_question_page_speaks_spanish_around_the_published_wording(self):
        draft = start_administration(self.cast.client, "phq9", by=self.cast.portal, method="portal")
        page = self.client.get(reverse("homework:portal_question", args=[draft.pk, 1]))
        self.assertContains(page, "Pregunta 1 de 9")
        self.assertContains(page, "Siguiente")
        self.assertContains(page, '<legend class="question-text" lang="en">')

    def test_the_lists_speak_spanish(self):
        self.assertContains(self.client.get(reverse("homework:portal_list")), "Nada pendiente")
        self.assertContains(
            self.client.get(reverse("homework:portal_questionnaires")), "Los cuestionarios breves"
        )
