"""Compatibility path: ``openness.exporters.cyclonedx.fields`` re-exports the names that now live
in :mod:`openness.formats.cyclonedx.fields`. Existing imports keep working; new code imports the
new path."""

from openness.formats.cyclonedx.fields import (
    LicenseReading,
    json_value,
    prop,
    read_hashes,
    read_licenses,
    read_supplier,
    split_properties,
    unique_in_order,
    write_hashes,
    write_licenses,
)

__all__ = [
    "LicenseReading",
    "json_value",
    "prop",
    "read_hashes",
    "read_licenses",
    "read_supplier",
    "split_properties",
    "unique_in_order",
    "write_hashes",
    "write_licenses",
]
