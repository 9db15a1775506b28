"""Hugging Face model and dataset cards (and snapshot folders): the reader (:mod:`.read`),
with the Hub license table in ``data/hf_licenses.yaml``."""
