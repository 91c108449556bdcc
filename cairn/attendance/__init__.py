"""Attendance, minutes attended, weekly-hours compliance and daily IOP qualification."""
