"""The stages of :func:`openness.licenses.normalize.normalize`, one job per module."""
