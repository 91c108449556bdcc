"""Individual, group and family notes; signing, co-signing, addenda; SUD counseling notes."""
