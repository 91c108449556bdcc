"""Expected or unexpected: a table of prescriptions × results (issue 10, tests).

Each row: what the client is prescribed (and when), the substance and its result, and the
classification the rules must give. Pure functions; no database."""

from datetime import date

import pytest

from cairn.medications.classification import Prescription, classify

DAY = date(2026, 3, 10)


def rx(label, ingredients=(), drug_class="", start=date(2026, 1, 1), stop=None):
    return Prescription(label, start, stop, tuple(ingredients), drug_class)


SUBOXONE = rx(
    "Buprenorphine/naloxone 8 mg/2 mg", ["buprenorphine", "naloxone"], "opioid_partial_agonist"
)
SUBLOCADE = rx("Buprenorphine 300 mg injection", ["buprenorphine"], "opioid_partial_agonist")
METHADONE = rx("Methadone 10 mg/mL", ["methadone"], "opioid_agonist")
METHADONE_TEXT = rx("methadone via Harbor OTP")  # free text, not coded
CLONAZEPAM = rx("Clonazepam 0.5 mg", ["clonazepam"], "benzodiazepine")
ADDERALL = rx(
    "Amphetamine/dextroamphetamine 20 mg",
    ["amphetamine", "dextroamphetamine"],
    "amphetamine_stimulant",
)
VYVANSE = rx("Lisdexamfetamine 30 mg", ["lisdexamfetamine"], "amphetamine_stimulant")
RITALIN = rx("Methylphenidate 10 mg", ["methylphenidate"], "stimulant_other")
NALTREXONE = rx("Naltrexone 50 mg", ["naltrexone"], "opioid_antagonist")
SERTRALINE = rx("Sertraline 50 mg", ["sertraline"], "ssri")
TRAMADOL = rx("Tramadol 50 mg", ["tramadol"], "opioid_analgesic")
HYDROCODONE = rx("Hydrocodone/acetaminophen", ["hydrocodone", "acetaminophen"], "opioid_analgesic")
FIORICET = rx("Butalbital/acetaminophen/caffeine", ["butalbital"], "barbiturate")
STOPPED_3_DAYS = rx("Clonazepam 0.5 mg", ["clonazepam"], "benzodiazepine", stop=date(2026, 3, 7))
STOPPED_30_DAYS = rx("Clonazepam 0.5 mg", ["clonazepam"], "benzodiazepine", stop=date(2026, 2, 8))
STARTS_LATER = rx("Clonazepam 0.5 mg", ["clonazepam"], "benzodiazepine", start=date(2026, 3, 11))

E, U = "expected", "unexpected"

TABLE = [
    # prescriptions, analyte, result, classification
    ([SUBOXONE], "buprenorphine", "positive", E),
    ([SUBOXONE], "norbuprenorphine", "positive", E),
    ([SUBLOCADE], "buprenorphine", "positive", E),
    ([SUBOXONE], "opiates", "positive", U),
    ([SUBOXONE], "fentanyl", "positive", U),
    ([], "buprenorphine", "positive", U),  # diverted or not prescribed
    ([METHADONE], "methadone", "positive", E),
    ([METHADONE], "eddp", "positive", E),
    ([METHADONE], "opiates", "positive", U),
    ([METHADONE_TEXT], "methadone", "positive", E),  # free text: matched by the word
    ([METHADONE_TEXT], "buprenorphine", "positive", U),
    ([CLONAZEPAM], "benzodiazepines", "positive", E),
    ([SERTRALINE], "benzodiazepines", "positive", U),  # cross-reaction needs a lab, not a pass
    ([ADDERALL], "amphetamines", "positive", E),
    ([VYVANSE], "amphetamines", "positive", E),
    ([ADDERALL], "methamphetamine", "positive", U),
    ([RITALIN], "amphetamines", "positive", U),
    ([NALTREXONE], "opiates", "positive", U),
    ([TRAMADOL], "tramadol", "positive", E),
    ([HYDROCODONE], "opiates", "positive", E),
    ([FIORICET], "barbiturates", "positive", E),
    ([SUBOXONE, CLONAZEPAM], "benzodiazepines", "positive", E),
    ([SUBOXONE, CLONAZEPAM], "cocaine", "positive", U),
    ([], "cocaine", "positive", U),
    ([], "thc", "positive", U),
    ([], "alcohol", "positive", U),
    ([STOPPED_3_DAYS], "benzodiazepines", "positive", E),  # within the 7-day window
    ([STOPPED_30_DAYS], "benzodiazepines", "positive", U),
    ([STARTS_LATER], "benzodiazepines", "positive", U),
    # Only positives are classified.
    ([], "cocaine", "negative", ""),
    ([SUBOXONE], "buprenorphine", "negative", ""),
    ([], "cocaine", "invalid", ""),
    ([CLONAZEPAM], "benzodiazepines", "invalid", ""),
]


@pytest.mark.parametrize(("prescriptions", "analyte", "result", "expected"), TABLE)
def test_it_classifies_each_row_of_the_table(prescriptions, analyte, result, expected):
    classification, _ = classify(analyte, result, DAY, prescriptions)
    assert classification == expected


def test_it_names_the_prescriptions_that_explain_a_positive():
    _, explained_by = classify("buprenorphine", "positive", DAY, [SUBOXONE, SUBLOCADE, SERTRALINE])
    assert explained_by == "Buprenorphine/naloxone 8 mg/2 mg; Buprenorphine 300 mg injection"


def test_it_explains_nothing_for_an_unexpected_positive():
    assert classify("cocaine", "positive", DAY, [SUBOXONE]) == ("unexpected", "")
