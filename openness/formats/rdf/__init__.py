"""RDF (Turtle, JSON-LD) in the SPDX 3 vocabulary with openness terms: the vocabulary
(:mod:`.vocab`) and the writer (:mod:`.write`)."""
