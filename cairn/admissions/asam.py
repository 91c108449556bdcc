"""ASAM dimensions per edition and the rule that turns six ratings into a recommended level.

Dimension names (DOMAIN.md): the edition is a program setting, ``Program.asam_edition``.

The recommended-level rule
--------------------------
Each dimension is rated 0 (no risk or need) to 4 (utmost severity). Every dimension's rating
points to the least intensive level that can safely meet that much risk in that dimension, by
the table ``LEVEL_FOR_RATING`` below; **the recommendation is the most intensive level any
dimension points to**. The dimensions that reach that level are shown as the ones that drove
it. In the 3rd edition:

==========================================  ===  ===  ===  ===  ===
dimension                                    0    1    2    3    4
==========================================  ===  ===  ===  ===  ===
1 intoxication / withdrawal                  1    1   2.1  3.7   4
2 biomedical                                 1    1   2.1  3.7   4
3 emotional, behavioral, cognitive           1    1   2.1  2.5  3.7
4 readiness to change                        1    1   2.1  2.1  2.5
5 relapse / continued use potential          1    1   2.1  2.5  3.5
6 recovery / living environment              1    1   2.1  3.1  3.5
==========================================  ===  ===  ===  ===  ===

The 4th edition reorders the content: its dimension 4 (substance use-related risks) takes the
row of the 3rd edition's dimension 5, its dimension 5 (recovery environment interactions) the
row of dimension 6, and its dimension 6 (person-centered considerations) the row of readiness.

This is Cairn's default crosswalk, a deliberately simple starting point — not ASAM's own
decision algorithm (which weighs dimensions together and is licensed separately). The
clinician decides the level; when the decision differs from the recommendation, the reason is
required and recorded next to it (``LevelOfCareAssessment``).
"""

from dataclasses import dataclass

from cairn.clients.models import LevelOfCare, level_rank

DIMENSIONS: dict[str, dict[int, str]] = {
    "3": {
        1: "Acute intoxication and/or withdrawal potential",
        2: "Biomedical conditions and complications",
        3: "Emotional, behavioral or cognitive conditions and complications",
        4: "Readiness to change",
        5: "Relapse, continued use or continued problem potential",
        6: "Recovery/living environment",
    },
    "4": {
        1: "Intoxication, withdrawal and addiction medications",
        2: "Biomedical conditions",
        3: "Psychiatric and cognitive conditions",
        4: "Substance use-related risks",
        5: "Recovery environment interactions",
        6: "Person-centered considerations",
    },
}

#: Editions whose dimension names are not yet checked against ASAM's text (DOMAIN.md).
UNCONFIRMED_NAMES = {"4"}

_WITHDRAWAL = ("1", "1", "2.1", "3.7", "4")
_BIOMEDICAL = ("1", "1", "2.1", "3.7", "4")
_PSYCHIATRIC = ("1", "1", "2.1", "2.5", "3.7")
_READINESS = ("1", "1", "2.1", "2.1", "2.5")
_RELAPSE = ("1", "1", "2.1", "2.5", "3.5")
_ENVIRONMENT = ("1", "1", "2.1", "3.1", "3.5")

#: edition → dimension → level for ratings 0, 1, 2, 3, 4.
LEVEL_FOR_RATING: dict[str, dict[int, tuple[str, ...]]] = {
    "3": {
        1: _WITHDRAWAL,
        2: _BIOMEDICAL,
        3: _PSYCHIATRIC,
        4: _READINESS,
        5: _RELAPSE,
        6: _ENVIRONMENT,
    },
    "4": {
        1: _WITHDRAWAL,
        2: _BIOMEDICAL,
        3: _PSYCHIATRIC,
        4: _RELAPSE,
        5: _ENVIRONMENT,
        6: _READINESS,
    },
}


@dataclass(frozen=True)
class Recommendation:
    level: str
    rows: list[dict]  # one per dimension: number, name, rating, level, drives

    @property
    def label(self) -> str:
        return LevelOfCare(self.level).label

    @property
    def drivers(self) -> list[dict]:
        return [row for row in self.rows if row["drives"]]


def dimension_names(edition: str) -> dict[int, str]:
    return DIMENSIONS.get(edition, DIMENSIONS["3"])


def recommend(edition: str, ratings: dict[int, int]) -> Recommendation:
    """The most intensive level any dimension's rating points to (see the module docstring)."""
    table = LEVEL_FOR_RATING.get(edition, LEVEL_FOR_RATING["3"])
    names = dimension_names(edition)
    pointed = {n: table[n][ratings[n]] for n in range(1, 7)}
    level = max(pointed.values(), key=level_rank)
    rows = [
        {
            "dimension": n,
            "name": names[n],
            "rating": ratings[n],
            "level": pointed[n],
            "drives": pointed[n] == level,
        }
        for n in range(1, 7)
    ]
    return Recommendation(level, rows)


def rule_table(edition: str) -> list[dict]:
    """The rule itself, for the "how this was derived" panel."""
    names = dimension_names(edition)
    table = LEVEL_FOR_RATING.get(edition, LEVEL_FOR_RATING["3"])
    return [{"dimension": n, "name": names[n], "levels": table[n]} for n in range(1, 7)]
