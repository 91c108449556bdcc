"""Tests for the instrument library, scoring and FHIR Questionnaire export (no Django needed)."""
