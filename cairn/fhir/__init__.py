"""The FHIR R4 API (mapping only; no business rules)."""
