"""Test support shared by every app: environment, factories, the fixed cast (STYLE.md)."""
