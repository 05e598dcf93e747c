"""Exports: snapshot folders (DESIGN §6), the offline HTML report and promotion evidence packets.

* :func:`~.snapshot.write_snapshot`: the ``footprint snapshot`` folder, written atomically.
* :func:`~.packet.build_packet` with :func:`~.packet_render.to_markdown` / :func:`~.packet_render.to_html`:
  the promotion packet of ``footprint packet`` and the dashboard's Promotion packet page.
* :mod:`.history`: reading snapshot folders back and comparing two of them.
* :mod:`.retention`: dated sub-folders and ``--keep N`` for scheduled runs.

Everything here reads metrics (``metrics.engine``) and never the collectors' APIs.
"""
