"""The ``mof`` policy: the Model Openness Framework 1.0, as the Model Openness Tool evaluates it.

Classes are cumulative: Class III (``class-3``) needs components 9-14, Class II (``class-2``)
adds 7, 8, 18 and 19, Class I (``class-1``) adds 15, 16, 21 and 24 (``Role.mof_id``). A
component counts when it is released under an open license (OSI-approved, FSF-libre, open data,
or typed by MOT's license list, and free of restrictions); one whose license does not suit its
content type still counts, with a warning. A research paper stands in for the technical report.
A component that states no license takes the release-wide license of its content type, else the
release's own license (MOT's ``distribution``), and the finding records that as evidence.

The verdict passes at ``class-3`` or better; it fails when a Class III component is absent, not
released or not openly licensed, and is unknown when a Class III license is unstated or has no
facts. ``level`` is the best class whose components are all known to be open, whatever the
outcome, which is the class MOT reports when license names are SPDX ids.

The requirement table is package data (``openness/policy/data/mof.toml``). The modules, one job
each: :mod:`~.table` (the table and its loader), :mod:`~.licenses` (whether a license is open),
:mod:`~.components` (the classes on one artifact), :mod:`~.lineage` (the lineage rules and the
memo of one run), :mod:`~.text` (the words of findings) and :mod:`~.policy` (the policy object).
"""

from __future__ import annotations

from openness.policy.builtin.mof.licenses import MofLicenses, OpenJudgement
from openness.policy.builtin.mof.policy import MofPolicy
from openness.policy.builtin.mof.table import MofClass, MofTable, load_table

__all__ = ["MofClass", "MofLicenses", "MofPolicy", "MofTable", "OpenJudgement", "load_table"]
