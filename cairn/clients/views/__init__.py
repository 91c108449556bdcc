"""Client views, by topic: lists (census, caseloads, tasks), registration (overview,
demographics, contacts, coverage) and clinical (diagnoses, episodes, discharge)."""
