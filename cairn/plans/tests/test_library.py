"""The starting library is data (issue 9, point 1): it loads, and a bad entry fails loudly."""

import json

import pytest

from cairn.plans import library


def test_it_loads_problems_for_substance_use_and_co_occurring_conditions():
    categories = {p.category for p in library.problems().values()}
    assert {"Substance use", "Co-occurring"} <= categories
    assert all(p.objectives and p.interventions for p in library.problems().values())


def test_it_lists_the_skills_taught_in_groups():
    names = {s.name for s in library.skills().values()}
    assert {"Urge surfing", "Opposite action", "HALT check", "Calling a support person"} <= names


def test_988_is_a_required_crisis_line():
    assert any(line.phone == "988" and line.required for line in library.crisis_lines())


def test_it_names_the_bad_entry(tmp_path, monkeypatch):
    data = json.loads((library.LIBRARY_DIR / "problems.json").read_text())
    data["problems"][0]["asam_dimensions"] = [9]
    (tmp_path / "problems.json").write_text(json.dumps(data))
    monkeypatch.setattr(library, "LIBRARY_DIR", tmp_path)
    library.problems.cache_clear()
    try:
        with pytest.raises(library.LibraryError, match="alcohol_use"):
            library.problems()
    finally:
        library.problems.cache_clear()


def test_it_names_an_entry_with_bad_diagnosis_codes(tmp_path, monkeypatch):
    data = json.loads((library.LIBRARY_DIR / "problems.json").read_text())
    data["problems"][1]["diagnosis_codes"] = "F11"
    (tmp_path / "problems.json").write_text(json.dumps(data))
    monkeypatch.setattr(library, "LIBRARY_DIR", tmp_path)
    library.problems.cache_clear()
    try:
        with pytest.raises(library.LibraryError, match=r"opioid_use.*diagnosis_codes"):
            library.problems()
    finally:
        library.problems.cache_clear()


def test_library_problems_match_diagnoses_by_code_prefix():
    alcohol = library.problems()["alcohol_use"]
    assert alcohol.matches_diagnosis("F10.20")
    assert not alcohol.matches_diagnosis("F11.20")
    assert library.problems()["trauma"].matches_diagnosis("f43.10")
