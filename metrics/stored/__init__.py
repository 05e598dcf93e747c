"""Evidence and aggregates kept in the store: computed at sync (incrementally, per item) or by
``footprint compute``, read by the dashboard and the exports (DESIGN §2, §9).

:func:`~.compute.compute_store` brings the stored tables up to date; :mod:`.read` reads them back as
:class:`~metrics.engine.Metrics` frames.
"""
