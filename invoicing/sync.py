"""Registration of this app's models with realtime's change feed."""
