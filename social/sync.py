"""social's models as they reach devices: registered with realtime's change feed."""
