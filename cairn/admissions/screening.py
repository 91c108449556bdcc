"""Pre-admission screening for IOP fit: the questions and the rule, as data.

DOMAIN.md: an IOP serves people who need more than weekly therapy but not 24/7 care, often
stepping down from inpatient or PHP, living at home, attending 3–5 days a week.

The rule: an answer listed with ``points`` = "higher" (e.g. "no safe place to live", "at risk
of withdrawal that needs medical management", "at imminent risk of harm") means IOP is not
safe enough, and the screening recommends referral to a higher level of care, with each such
answer's reason recorded. Otherwise an answer pointing to "review" (cannot attend 3–5 days a
week) asks the team to talk it through before assessing. Otherwise IOP looks right.
"""

from dataclasses import dataclass

from cairn.admissions.models import Screening


@dataclass(frozen=True)
class Question:
    field: str
    text: str
    help: str = ""
    concern_when: bool | None = None  # the answer that raises a concern (None: informational)
    points: str = ""  # "higher" or "review"
    reason: str = ""
    urgent: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question(
        "stepping_down",
        "Stepping down from an inpatient or partial hospitalization (PHP) program?",
        "For information: step-downs are the people an IOP is built for.",
    ),
    Question(
        "needs_structure",
        "Needs structure and support, but not 24-hour supervision?",
        concern_when=False,
        points="higher",
        reason="Needs 24-hour supervision: refer to a residential or inpatient level of care.",
    ),
    Question(
        "safe_housing",
        "Has a safe, stable place to live?",
        concern_when=False,
        points="higher",
        reason="No safe, stable place to live: refer to residential care, or to recovery "
        "housing alongside treatment.",
    ),
    Question(
        "withdrawal_risk",
        "At risk of withdrawal that needs medical management?",
        concern_when=True,
        points="higher",
        reason="Withdrawal risk that needs medical management: refer to withdrawal "
        "management (a medically monitored level of care) first.",
    ),
    Question(
        "imminent_risk",
        "At imminent risk of harming self or others?",
        concern_when=True,
        points="higher",
        reason="Imminent risk of harm: arrange an emergency evaluation now and refer to a "
        "higher level of care.",
        urgent=True,
    ),
    Question(
        "can_attend",
        "Able to attend 3–5 days a week?",
        concern_when=False,
        points="review",
        reason="Cannot attend 3–5 days a week: talk through barriers (another track, "
        "transport, work) or consider outpatient care (level 1).",
    ),
)


@dataclass(frozen=True)
class Outcome:
    recommendation: str
    reasons: list[str]
    urgent: bool

    @property
    def label(self) -> str:
        return Screening.Recommendation(self.recommendation).label


def evaluate(answers: dict[str, bool]) -> Outcome:
    """The recommendation for a set of yes/no answers (see the module docstring)."""
    concerns = [
        q for q in QUESTIONS if q.concern_when is not None and answers[q.field] is q.concern_when
    ]
    higher = [q for q in concerns if q.points == "higher"]
    review = [q for q in concerns if q.points == "review"]
    if higher:
        recommendation = Screening.Recommendation.REFER_HIGHER
    elif review:
        recommendation = Screening.Recommendation.REVIEW
    else:
        recommendation = Screening.Recommendation.FITS_IOP
    return Outcome(
        recommendation=recommendation,
        reasons=[q.reason for q in higher + review],
        urgent=any(q.urgent for q in concerns),
    )
