"""Validate a resource dict with fhir.resources' R4B models (the library's v8 offers R5 by
default and R4B in ``fhir.resources.R4B``; no plain R4 package: see the README)."""

import importlib
from functools import cache


@cache
def model(resource_type: str):
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def validate(resource: dict):
    """The parsed model; raises pydantic's ``ValidationError`` when the resource is invalid."""
    return model(resource["resourceType"]).model_validate(resource)
