"""GitHub collector: GraphQL bulk pages through PyGithub's requester, incremental and resumable.

Declared in :mod:`.source`; the collector itself (:mod:`.collector`) is imported only to sync.
"""
