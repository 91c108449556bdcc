"""Rooms, group catalog, sessions, availability and the weekly schedule (solver in solver/)."""
