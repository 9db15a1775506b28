"""CycloneDX 1.5/1.6/1.7 JSON (ML-BOM): the vocabulary (:mod:`.vocab`), field codecs
(:mod:`.fields`), the model-to-component mapping both directions share (:mod:`.view`), schema
validation (:mod:`.schema`) and its messages (:mod:`.messages`), the reader (:mod:`.read`) and
the writer (:mod:`.write`)."""
