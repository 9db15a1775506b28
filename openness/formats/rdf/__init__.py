"""RDF (Turtle, JSON-LD) in the SPDX 3 vocabulary with openness terms: the writer
(:mod:`.write`)."""
