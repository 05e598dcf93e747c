"""The dashboard pages, run by ``st.navigation`` from :mod:`dashboard.app`; helpers in :mod:`.common`."""
