"""Dashboards and exports for program directors."""
