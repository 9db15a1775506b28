"""Formats: one folder per standard, reading and writing side by side."""
