"""The Model Openness Tool (MOT) model YAML: the reader (:mod:`.read`)."""
