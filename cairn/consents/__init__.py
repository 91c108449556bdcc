"""42 CFR Part 2 consents, disclosures, accounting of disclosures, record export."""
