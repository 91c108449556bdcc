"""The director's program view (issue 8, point 7): improved / unchanged / worse since intake on
PHQ-9 and GAD-7 by reliable change, overdue assessments, in a fixed number of queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cairn.assessments.outcomes import not_improving_clients, program_outcomes
from cairn.assessments.tests.test_trends import gad7, phq9
from cairn.clients.models import Client
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration, make_client, make_episode


class OutcomesTest(CastTestCase):
    def _client(self, code, make, totals, every=14):
        person = make_client(self.cast.program)
        make_episode(person)
        start = timezone.now() - timedelta(days=every * len(totals))
        for n, total in enumerate(totals):
            make_administration(
                person, code, make(total), administered_at=start + timedelta(days=every * n)
            )
        return person

    def _outcomes(self):
        clients = Client.objects.filter(program=self.cast.program)
        return program_outcomes(clients, self.cast.program), clients

    def test_it_sorts_clients_by_reliable_change_since_intake(self):
        self._client("phq9", phq9, [18, 12])  # -6: improved
        self._client("phq9", phq9, [18, 13])  # -5: unchanged
        self._client("phq9", phq9, [10, 16])  # +6: worse
        self._client("phq9", phq9, [10])  # one score: not measured
        self._client("gad7", gad7, [12, 8])  # -4: improved
        found, _ = self._outcomes()
        phq, gad = found.changes
        self.assertEqual((phq.improved, phq.unchanged, phq.worse, phq.measured), (1, 1, 1, 3))
        self.assertEqual(phq.share(phq.improved), 33)
        self.assertEqual((gad.improved, gad.measured), (1, 1))

    def test_it_compares_latest_with_the_first_score_whatever_happened_between(self):
        self._client("phq9", phq9, [20, 5, 19])
        phq, _ = self._outcomes()[0].changes
        self.assertEqual(phq.unchanged, 1)

    def test_it_lists_clients_not_improving_after_4_weeks(self):
        stuck = self._client("phq9", phq9, [14, 14, 15])
        self._client("phq9", phq9, [14, 10, 8])
        found, clients = self._outcomes()
        self.assertEqual([c.pk for c in not_improving_clients(found, clients)], [stuck.pk])

    def test_it_counts_overdue_assessments_and_open_safety_alerts(self):
        found, _ = self._outcomes()
        # The cast's two clients, admitted 20 days ago, owe all eight intake instruments.
        self.assertEqual(found.overdue, 16)
        self.assertEqual(found.open_safety_alerts, 0)
        self.assertEqual(found.active_clients, 2)

    def test_it_makes_the_same_number_of_queries_for_more_clients(self):
        self._client("phq9", phq9, [18, 12])
        with CaptureQueriesContext(connection) as few:
            self._outcomes()
        for _ in range(4):
            self._client("phq9", phq9, [18, 12, 10])
            self._client("gad7", gad7, [9, 12])
        with self.assertNumQueries(len(few.captured_queries)):
            found, _ = self._outcomes()
        self.assertEqual(found.changes[0].measured, 5)
