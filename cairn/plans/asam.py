"""The six ASAM dimensions, named for the program's edition of the ASAM Criteria (DOMAIN.md;
the 4th edition's names are unconfirmed against ASAM's text)."""

DIMENSIONS = {
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


def dimension_choices(edition: str) -> list[tuple[int, str]]:
    names = DIMENSIONS.get(edition, DIMENSIONS["3"])
    return [(number, f"{number}. {name}") for number, name in names.items()]
