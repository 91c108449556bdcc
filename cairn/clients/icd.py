"""ICD-10-CM look-ups over the full code set shipped by the ``simple-icd-10-cm`` package
(DESIGN.md: never hand-typed code lists).

Only billable codes (leaves of the classification) can be recorded as a diagnosis; a category
such as ``F10.2`` is refused with a hint to pick a more specific code. Search takes a code
(with or without the dot) or words from the description; codes of chapter 5 (mental,
behavioral and neurodevelopmental disorders, F01–F99) come first because that is what an IOP
records most.
"""

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Code:
    code: str
    description: str
    billable: bool

    @property
    def category(self) -> str:
        return suggest_category(self.code)


def _library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package imports the deprecated pkg_resources
        import simple_icd_10_cm

    return simple_icd_10_cm


@lru_cache(maxsize=1)
def _index() -> tuple[tuple[Code, str], ...]:
    """Every category and subcategory with its description, and the description in lower case
    for matching (about 98,000 entries; built once per process)."""
    icd = _library()
    codes = []
    for code in icd.get_all_codes(True):
        if icd.is_category_or_subcategory(code) or icd.is_extended_subcategory(code):
            description = icd.get_description(code)
            codes.append((Code(code, description, icd.is_leaf(code)), description.lower()))
    return tuple(codes)


def normalize(code: str) -> str:
    """``f1020`` / ``F10.20 `` → ``F10.20`` (the dotted form the code set uses)."""
    compact = re.sub(r"[\s.]", "", code or "").upper()
    if len(compact) > 3:
        return f"{compact[:3]}.{compact[3:]}"
    return compact


def lookup(code: str) -> Code | None:
    """The code if it exists in ICD-10-CM (billable or not), else None."""
    icd = _library()
    dotted = normalize(code)
    if not dotted or not icd.is_valid_item(dotted):
        return None
    if icd.is_chapter_or_block(dotted):
        return None
    return Code(dotted, icd.get_description(dotted), icd.is_leaf(dotted))


def more_specific(code: str, limit: int = 3) -> list[Code]:
    """A few billable codes under a category, for the "pick a more specific code" hint."""
    icd = _library()
    found = [c for c in icd.get_descendants(normalize(code)) if icd.is_leaf(c)]
    return [Code(c, icd.get_description(c), True) for c in found[:limit]]


def search(text: str, limit: int = 25) -> list[Code]:
    """Codes whose code starts with ``text`` (billable first, in code order), or whose
    description holds every word of ``text`` (billable first, then chapter 5 — F codes —, then
    shorter descriptions)."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    code_like = re.fullmatch(r"[A-Za-z]\d[\dA-Za-z.]*", text)
    if code_like:
        prefix = normalize(text)
        hits = [c for c, _ in _index() if c.code.startswith(prefix)]
        hits.sort(key=lambda c: (not c.billable, c.code))
        return hits[:limit]
    words = [w for w in re.split(r"\W+", text.lower()) if w]
    hits = [c for c, lower in _index() if all(w in lower for w in words)]
    hits.sort(key=lambda c: (not c.billable, not c.code.startswith("F"), len(c.description)))
    return hits[:limit]


_SUBSTANCE_USE = re.compile(r"^F1[0-9]\.")


def suggest_category(code: str) -> str:
    """Substance use (F10–F19), co-occurring mental health (other F codes), else medical.
    A suggestion only: the clinician chooses."""
    dotted = normalize(code)
    if _SUBSTANCE_USE.match(dotted + ("." if len(dotted) == 3 else "")):
        return "substance_use"
    if dotted.startswith("F"):
        return "mental_health"
    return "medical"
