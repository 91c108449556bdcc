"""Medications, medication for addiction treatment, allergies and drug screens."""
