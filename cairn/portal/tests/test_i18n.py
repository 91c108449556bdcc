from io import StringIO
from pathlib import Path

import polib
from django.core.management import call_command

from cairn.portal.i18n import catalogues
from cairn.testing.i18n import marked_msgids

PORTAL_PO = Path(__file__).parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_it_translates_every_portal_string_into_spanish():
    po = polib.pofile(str(PORTAL_PO))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


def test_it_finds_every_cairn_apps_catalogue_and_no_installed_packages():
    found = catalogues()
    assert PORTAL_PO in found
    assert all("site-packages" not in str(path) for path in found)


def test_it_compiles_catalogues_without_gettext(tmp_path, settings):
    locale = tmp_path / "es" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    entry = polib.POEntry(msgid="Hello", msgstr="Hola")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    po.append(entry)
    po.save(str(locale / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", stdout=StringIO())
    assert polib.mofile(str(locale / "django.mo")).find("Hello").msgstr == "Hola"


def test_it_has_a_spanish_entry_for_every_marked_portal_string():
    entries = {entry.msgid for entry in polib.pofile(str(PORTAL_PO))}
    missing = sorted(marked_msgids(PORTAL_PO.parents[3]) - entries)
    assert not missing, f"add these to {PORTAL_PO.name}: {missing}"
