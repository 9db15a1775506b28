"""The Model Openness Tool (MOT) model YAML: the vocabulary (:mod:`.vocab`), its license names
(:mod:`.licenses`) and the reader (:mod:`.read`)."""
