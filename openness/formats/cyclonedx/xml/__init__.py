"""CycloneDX XML (1.6 and 1.7 out; 1.5, 1.6 and 1.7 in), one mapping with the JSON shape.

- :mod:`.write`: exporters ``cyclonedx-1.6-xml`` and ``cyclonedx-1.7-xml``;
- :mod:`.read`: the ``cyclonedx-xml`` importer;
- :mod:`.codec`: the XSD-driven mapping between XML and the JSON-shaped BOM;
- :mod:`.gaps`: what JSON allows and the XSD does not;
- :mod:`.schemas`: the shipped XSDs.
"""
