"""Scheduling: the weekly IOP schedule (the optimizer lives in `solver`, free of Django)."""
