"""Standardized instruments (PHQ-9, GAD-7, AUDIT, ...): their data, scoring and FHIR form."""
