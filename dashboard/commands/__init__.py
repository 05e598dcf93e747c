"""One module per `footprint` command, each exposing ``register(app)``."""
