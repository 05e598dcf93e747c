"""The Jira collector (Cloud and Data Center) built on the ``jira`` library.

Declared in :mod:`.source`; the collector itself (:mod:`.collector`) is imported only to sync.
"""
