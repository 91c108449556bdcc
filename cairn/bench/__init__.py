"""``make bench``: seed a large program on PostgreSQL, measure the busy pages, the solver and the
bulk work, and check that page query counts do not grow with data size (issue 14).

A plain package, not a Django app: nothing here is installed, routed or migrated in production.
See README.md in this folder.
"""
