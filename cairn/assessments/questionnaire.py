"""An instrument as a FHIR R4 Questionnaire (DOMAIN.md, "FHIR R4 mapping": instruments →
Questionnaire / QuestionnaireResponse).

How the data maps:

- ``url`` is ``<base>/Questionnaire/<code>``; ``version`` is the data file's version, so a
  stored response can name the exact wording it answered; ``code`` is the LOINC panel, given
  only when confirmed (PCL-5's, unconfirmed in DOMAIN.md, is left out).
- The instructions become a ``display`` item (linkId ``"preamble"``).
- Each item keeps its linkId (``"1"`` … ``"N"``, BAM ``"7a"`` … ``"7g"``) and is ``required``;
  BAM item 7 becomes a ``group`` holding its parts; skip logic becomes ``enableWhen``.
- Choice options become ``answerOption.valueCoding``: LOINC answer codes where the data gives
  them (never invented), otherwise the instrument's own code system
  ``<base>/CodeSystem/<code>-answers``. The option's score rides along in the core R4
  ``ordinalValue`` extension. Scores of yes/no items (DAST-10) cannot be put on a boolean
  item; they stay in the data file.
"""

from __future__ import annotations

import re
from typing import Any

from cairn.assessments.instruments import (
    PREAMBLE_LINK_ID,
    AnswerOption,
    EnableWhen,
    Instrument,
    Item,
)

DEFAULT_BASE_URL = "https://cairn.example.org/fhir"
LOINC = "http://loinc.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def to_fhir_questionnaire(instrument: Instrument, *, base_url: str = DEFAULT_BASE_URL) -> dict:
    """The instrument as a FHIR R4 Questionnaire resource (a JSON-ready dict)."""
    base = base_url.rstrip("/")
    questionnaire: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.code,
        "url": f"{base}/Questionnaire/{instrument.code}",
        "version": instrument.version,
        "name": _machine_name(instrument.short_name),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.description,
        "copyright": instrument.licence,
    }
    if instrument.loinc_panel and instrument.loinc_confirmed:
        questionnaire["code"] = [{"system": LOINC, "code": instrument.loinc_panel}]
    questionnaire["item"] = _items(instrument, f"{base}/CodeSystem/{instrument.code}-answers")
    return questionnaire


def _machine_name(short_name: str) -> str:
    """FHIR wants a computer-friendly name starting with a capital: "PHQ-9" → "PHQ9"."""
    name = re.sub(r"[^A-Za-z0-9_]", "", short_name)
    return name[:1].upper() + name[1:]


def _items(instrument: Instrument, system: str) -> list[dict]:
    items = []
    if instrument.preamble:
        items.append({"linkId": PREAMBLE_LINK_ID, "type": "display", "text": instrument.preamble})
    for item in instrument.items:
        if item.group is None:
            items.append(_item(instrument, item, system))
            continue
        group = next(g for g in instrument.groups if g.link_id == item.group)
        if item.link_id == group.items[0]:  # the group is written once, at its first part
            parts = [_item(instrument, instrument.item(i), system) for i in group.items]
            items.append(
                {
                    "linkId": group.link_id,
                    "prefix": f"{group.link_id}.",
                    "text": group.text,
                    "type": "group",
                    "item": parts,
                }
            )
    return items


def _item(instrument: Instrument, item: Item, system: str) -> dict:
    entry: dict[str, Any] = {"linkId": item.link_id}
    if item.loinc:
        entry["code"] = [{"system": LOINC, "code": item.loinc}]
    entry.update(prefix=f"{item.link_id}.", text=item.text, type=item.type)
    if item.enable_when:
        entry["enableWhen"] = [_enable_when(instrument, item.enable_when, system)]
    entry["required"] = True
    if item.type == "choice":
        entry["answerOption"] = [{"valueCoding": _coding(o, system)} for o in item.options]
    return entry


def _enable_when(instrument: Instrument, condition: EnableWhen, system: str) -> dict:
    entry: dict[str, Any] = {"question": condition.question, "operator": "="}
    controlling = instrument.item(condition.question)
    if controlling.type == "boolean":
        entry["answerBoolean"] = condition.answer
    else:
        (option,) = [o for o in controlling.options if o.score == condition.answer]
        entry["answerCoding"] = _coding(option, system)
    return entry


def _coding(option: AnswerOption, system: str) -> dict:
    coding: dict[str, Any] = {"extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.score}]}
    if option.loinc:
        coding.update(system=LOINC, code=option.loinc)
    else:
        coding.update(system=system, code=option.code)
    coding["display"] = option.display
    return coding
