"""SPDX 2.2/2.3 through spdx-tools: the mapping tables (:mod:`.mapping`), license rendering
and restoring (:mod:`.licenses`), the linear document converter (:mod:`.converter`),
validation (:mod:`.validate`), the reader (:mod:`.read`) and the writers (:mod:`.write`)."""
