"""Interim providers of record categories for the apps merged so far (see ``categories.py``).

Each module reads one app's records of a client the door has authorized. When an app that owns
a category registers its own provider (attendance, for instance), that one replaces the interim
one here. The attendance, diagnoses, treatment plan, assessments and discharge summary
categories are registered by their own apps (``<app>/disclosure.py``).
"""

from cairn.consents.categories import register_provider


def register_interim_providers() -> None:
    from cairn.consents.providers import clients, medications, notes

    for key, provider in [
        ("demographics", clients.demographics),
        ("progress_notes", notes.progress_notes),
        ("counseling_notes", notes.counseling_notes),
        ("medications", medications.medications),
        ("drug_screens", medications.drug_screens),
    ]:
        register_provider(key, provider, interim=True, source=f"cairn.consents.providers.{key}")
