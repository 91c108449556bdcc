"""Trends (issue 8, point 6): baseline, reliable-change marks (PHQ-9 6 points, GAD-7 4) and the
"not improving" flag after 4 weeks."""

from datetime import timedelta

from django.utils import timezone

from cairn.assessments.trends import trends_for
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_client, make_episode


def phq9(total: int) -> dict:
    """PHQ-9 answers adding up to ``total`` (item 9 stays 0)."""
    answers, left = {}, total
    for n in range(1, 10):
        answers[str(n)] = min(3, left) if n < 9 else 0
        left -= answers[str(n)]
    return answers


def gad7(total: int) -> dict:
    answers, left = {}, total
    for n in range(1, 8):
        answers[str(n)] = min(3, left)
        left -= answers[str(n)]
    return answers


class TrendTest(CastTestCase):
    def setUp(self):
        self.person = make_client(self.cast.program)
        self.episode = make_episode(self.person)
        self.start = timezone.now() - timedelta(days=60)

    def _series(self, code, make, totals, every=14):
        for n, total in enumerate(totals):
            make_administration(
                self.person,
                code,
                make(total),
                administered_at=self.start + timedelta(days=every * n),
            )
        return self._trend(code)

    def _trend(self, code):
        rows = list(self.person.administrations.all())
        return next(t for t in trends_for(rows) if t.code == code)

    def test_it_orders_points_and_measures_change_from_intake(self):
        trend = self._series("phq9", phq9, [18, 15, 12])
        self.assertEqual([p.total for p in trend.points], [18, 15, 12])
        self.assertEqual([p.change for p in trend.points], [0, -3, -6])
        self.assertEqual(trend.baseline.total, 18)

    def test_it_marks_reliable_change_of_6_points_on_phq9(self):
        trend = self._series("phq9", phq9, [18, 13, 12, 24, 23])
        self.assertEqual([p.reliable for p in trend.points], ["", "", "improved", "worse", ""])

    def test_it_marks_reliable_change_of_4_points_on_gad7(self):
        trend = self._series("gad7", gad7, [12, 9, 8, 16])
        self.assertEqual([p.reliable for p in trend.points], ["", "", "improved", "worse"])

    def test_it_marks_nothing_where_no_index_is_published(self):
        trend = self._series(
            "pacs", lambda t: {"1": min(6, t), "2": 0, "3": 0, "4": 0, "5": 0}, [6, 0]
        )
        self.assertIsNone(trend.rci)
        self.assertEqual([p.reliable for p in trend.points], ["", ""])

    def test_it_flags_not_improving_when_no_better_than_intake_after_4_weeks(self):
        trend = self._series("phq9", phq9, [14, 15, 14])  # day 28, 14 = intake
        self.assertTrue(trend.not_improving)

    def test_it_does_not_flag_before_4_weeks(self):
        trend = self._series("phq9", phq9, [14, 16], every=27)
        self.assertFalse(trend.not_improving)

    def test_it_does_not_flag_a_client_who_is_better(self):
        trend = self._series("phq9", phq9, [14, 13, 13])
        self.assertFalse(trend.not_improving)

    def test_it_does_not_flag_a_score_in_the_lowest_band(self):
        trend = self._series("phq9", phq9, [3, 4, 4])
        self.assertFalse(trend.not_improving)

    def test_it_leaves_out_drafts_and_assessments_entered_in_error(self):
        self._series("phq9", phq9, [14, 10])
        make_administration(self.person, "phq9", status="draft")
        make_administration(self.person, "phq9", phq9(27), status="entered_in_error")
        self.assertEqual([p.total for p in self._trend("phq9").points], [14, 10])

    def test_it_starts_again_at_a_new_episode(self):
        self._series("phq9", phq9, [20, 10])
        self.episode.status = "discharged"
        self.episode.discharged_on = timezone.localdate()
        self.episode.save()
        make_episode(self.person)
        make_administration(self.person, "phq9", phq9(16))
        trend = self._trend("phq9")
        self.assertEqual([p.total for p in trend.points], [16])

    def test_it_draws_the_bands_and_the_scale(self):
        trend = self._series("phq9", phq9, [14, 8])
        data = trend.chart_data()
        self.assertEqual((data["min"], data["max"], data["rci"]), (0, 27, 6))
        self.assertEqual(data["bands"][1], {"lower": 5, "upper": 9, "label": "mild"})
        self.assertEqual(data["totals"], [14, 8])
        self.assertEqual(data["pointBands"], ["moderate", "mild"])

    def test_it_draws_audit_c_bands_for_the_clients_sex(self):
        make_administration(self.person, "auditc", {"1": 1, "2": 1, "3": 1})
        rows = list(self.person.administrations.all())
        men = trends_for(rows, "male")[0].chart_data()["bands"]
        self.assertEqual(men[-1]["lower"], 4)
