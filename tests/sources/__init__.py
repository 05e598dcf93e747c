"""A source declared outside collectors/: the registry needs nothing else (see tiny.py)."""
