"""CycloneDX XML, shared by its reader and writer: one mapping with the JSON-shaped BOM.

- :mod:`.codec`: the XSD-driven mapping between XML and the JSON-shaped BOM;
- :mod:`.gaps`: what JSON allows and the XSD does not;
- :mod:`.schemas`: the shipped XSDs.

The exporters ``cyclonedx-1.6-xml`` and ``cyclonedx-1.7-xml`` are in
:mod:`openness.formats.cyclonedx.write.to_xml`, the ``cyclonedx-xml`` importer in
:mod:`openness.formats.cyclonedx.read.from_xml`.
"""
