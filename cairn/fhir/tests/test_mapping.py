"""Every instrument's QuestionnaireResponse and total Observation validate (R4B models), BAM's
grouped items included; a response POSTed back scores the same."""

from cairn.assessments.instruments import all_instruments
from cairn.fhir import mapping, validation, writes
from cairn.testing.cases import CastTestCase
from cairn.testing.factories import make_administration


class InstrumentMappingTest(CastTestCase):
    def test_it_maps_every_instrument_to_valid_resources(self):
        for instrument in all_instruments():
            with self.subTest(instrument=instrument.code):
                administration = make_administration(self.cast.client, instrument.code)
                response = mapping.questionnaire_response(administration)
                validation.validate(response)
                validation.validate(mapping.assessment_observation(administration))
                validation.validate(mapping.questionnaire(instrument.code))
                again = writes.answers_from(instrument.code, response)
                self.assertEqual(again, administration.answers)


class ValidationCatchesBadMappingTest(CastTestCase):
    """The API serves mapped dicts as they are (no model on the request path); the tests'
    ``validation.validate`` is what checks them, so it must refuse a resource a mapping broke."""

    def test_it_refuses_an_invalid_resource(self):
        from pydantic import ValidationError

        good = mapping.patient(self.cast.client)
        validation.validate(good)
        for change in (
            {"active": "maybe"},
            {"birthDate": "yesterday"},
            {"unknownElement": 1},
            {"identifier": "not a list of identifiers"},
        ):
            with self.subTest(change=change), self.assertRaises(ValidationError):
                validation.validate({**good, **change})
