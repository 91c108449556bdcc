"""Treatment plans, relapse-prevention plans, discharge and aftercare plans."""
