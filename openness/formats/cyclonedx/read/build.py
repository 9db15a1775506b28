"""One component as an artifact, and its nested components: license, facts, evidence, and
what the model has no field for, kept as extra."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from openness.formats.cyclonedx.fields import (
    LicenseReading,
    read_hashes,
    read_licenses,
    read_supplier,
)
from openness.formats.cyclonedx.read.facts import CardFactsReader
from openness.formats.cyclonedx.read.values import (
    Path,
    Props,
    energy_from_card,
    list_or_empty,
    locator,
    long_version,
    mapping_or_empty,
    read_props,
    text_or_none,
)
from openness.formats.cyclonedx.view import EXTRA_KEY, artifact_view, component_view, read_files
from openness.formats.cyclonedx.vocab import ARTIFACT_URL_REF, LOCATION_REF, P, infer_role
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Compute,
    ContentType,
    DigestAlgorithm,
    Evidence,
    EvidenceKind,
    Facts,
    LicenseExpression,
    Recipe,
    Role,
    extra_depth_error,
    plain_extra,
)
from openness.model.vocab import role_suggestions

__all__ = ["BomReader"]


class BomReader(CardFactsReader):
    """Reads a whole BOM: every component an artifact, nested components its parts."""

    def _artifact(
        self, raw: Mapping[str, Any], path: Path, forced_id: str | None = None
    ) -> Artifact | None:
        props = read_props(raw.get("properties"))
        for index, unknown in props.unknown:
            self.warn((*path, "properties", index), f"unknown property {unknown!r}: kept as is")
        artifact_id = forced_id or self._id_of(raw, path)
        kind = self._kind(raw, props)
        name = text_or_none(raw.get("name"))
        if props.first(P.UNNAMED) is not None:
            name = None
        refs = list_or_empty(raw.get("externalReferences"))
        url_index = next(
            (
                i
                for i, r in enumerate(refs)
                if isinstance(r, Mapping)
                and r.get("type") == ARTIFACT_URL_REF
                and isinstance(r.get("url"), str)
            ),
            None,
        )
        release: dict[ContentType, LicenseExpression] = {}
        for index, content, text in props.prefixed(P.RELEASE_LICENSE):
            where = (*path, "properties", index, "value")
            if content not in ContentType._value2member_map_:
                self.problem(where, f"unknown content type {content!r} in {P.RELEASE_LICENSE}")
                continue
            try:
                release[ContentType(content)] = LicenseExpression.of(text)
            except ValueError as exc:
                self.problem(where, str(exc))
        lineage = self._lineage(raw, props, artifact_id, kind, path)
        parts = [
            part
            for index, nested in enumerate(list_or_empty(raw.get("components")))
            if isinstance(nested, Mapping)
            and (
                part := self._component(
                    nested, artifact_id, index, kind, (*path, "components", index)
                )
            )
            is not None
        ]
        if kind is ArtifactKind.MODEL and not self.authored:
            weights = self._weights(parts, path)
            if weights is not None:
                parts.append(weights)
        try:
            artifact = Artifact(
                id=artifact_id,
                kind=kind,
                name=name,
                version=long_version(props) or text_or_none(raw.get("version")),
                description=text_or_none(raw.get("description")),
                license=self._license(raw, props, path),
                release_licenses=release,
                supplier=read_supplier(raw.get("supplier")),
                url=refs[url_index]["url"] if url_index is not None else None,
                purl=text_or_none(raw.get("purl")),
                components=parts,
                lineage=lineage,
                facts=self._facts(raw, props, kind, path),
                evidence=self._evidence(props, path),
            )
        except ValidationError as exc:
            self._model_problems(exc, path)
            return None
        view = artifact_view(artifact, self.ctx)
        extra = self._extra(raw, view, props, path, url_index, skip=("components",))
        return artifact.model_copy(update={"extra": extra}) if extra else artifact

    def _weights(self, parts: list[Component], path: Path) -> Component | None:
        """The weights of a ``machine-learning-model`` component of another tool's BOM that
        lists none as a nested component, as the card reader lists them for a card: without
        files and without a license of its own (the model's applies), availability
        unstated. None when a nested component is the weights already."""
        if any(part.role is Role.MODEL_PARAMETERS_FINAL for part in parts):
            return None
        return Component(
            role=Role.MODEL_PARAMETERS_FINAL,
            name="weights",
            evidence=[
                Evidence(
                    source=self.doc.path,
                    locator=locator(path),
                    kind=EvidenceKind.CONCLUDED,
                    note="a machine-learning-model component is a model, whose weights it "
                    "lists as no nested component: the weights are listed without files, "
                    "under the model's license",
                )
            ],
        )

    def _license(
        self, raw: Mapping[str, Any], props: Props, path: Path
    ) -> LicenseExpression | None:
        stated = props.first(P.LICENSE)
        if stated is not None:
            try:
                return LicenseExpression.of(stated[1])
            except ValueError as exc:
                self.problem((*path, "properties", stated[0], "value"), str(exc))
                return None
        reading = read_licenses(raw.get("licenses"))
        self._license_notes(reading, (*path, "licenses"))
        return reading.license

    def _license_notes(self, reading: LicenseReading, path: Path) -> None:
        for where, message in reading.invalid:
            self.problem((*path, *where), message)
        for note in reading.normalised:
            self.warn(path, note)
        if reading.combined is not None:
            self.warn(
                path,
                f"several licenses listed: read as {reading.combined!r} (all of them apply); "
                "state one SPDX expression to say otherwise",
            )
        if reading.concluded_dropped is not None:
            self.warn(
                path,
                f"concluded license {reading.concluded_dropped!r} not imported: openness "
                "records the declared license",
            )
        if reading.concluded:
            self.warn(path, "only a concluded license is stated: imported as the license")

    def _facts(self, raw: Mapping[str, Any], props: Props, kind: ArtifactKind, path: Path) -> Facts:
        values: dict[str, Any] = {}
        stated = props.first(P.PARAMETERS)
        if stated is not None:
            if stated[1].isdigit():
                values["parameters"] = int(stated[1])
            else:
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"{P.PARAMETERS} must be a whole number, got {stated[1]!r}",
                )
        stated = props.first(P.TYPE_OF_MODEL)
        card = mapping_or_empty(raw.get("modelCard"))
        family = text_or_none(
            mapping_or_empty(card.get("modelParameters")).get("architectureFamily")
        )
        if stated is not None:
            values["type_of_model"] = stated[1]
        elif kind is ArtifactKind.MODEL and family is not None:
            values["type_of_model"] = family
        values["domain"] = [v for _, v in props.all(P.DOMAIN)]
        stated = props.first(P.TRAINING)
        if stated is not None:
            values["training"] = self._json_prop(path, stated[0], P.TRAINING, stated[1], Compute)
        elif not self.authored:
            values["training"] = energy_from_card(card)
        stated = props.first(P.RECIPE)
        if stated is not None:
            values["recipe"] = self._json_prop(path, stated[0], P.RECIPE, stated[1], Recipe)
        values.update(self._card_facts(card, props, kind, path))
        if not any(v not in (None, []) for v in values.values()):
            return Facts()
        return Facts(**values)

    def _evidence(self, props: Props, path: Path) -> list[Evidence]:
        out: list[Evidence] = []
        for index, text in props.all(P.EVIDENCE):
            item = self._json_prop(path, index, P.EVIDENCE, text, Evidence)
            if item is not None:
                out.append(item)
        return out

    def _extra(
        self,
        raw: Mapping[str, Any],
        view: Mapping[str, Any],
        props: Props,
        path: Path,
        used_ref: int | None,
        skip: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """What the component says beyond the model: the ``openness:extra`` property, plus
        every native field the exporter would not write the same way from the model."""
        extra: dict[str, Any] = {}
        stated = props.first(P.EXTRA)
        if stated is not None:
            try:
                loaded = json.loads(stated[1])
            except json.JSONDecodeError as exc:
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"{P.EXTRA} is not valid JSON: {exc.msg}",
                )
                loaded = None
            if isinstance(loaded, dict):
                extra = loaded
            elif loaded is not None:
                self.warn(
                    (*path, "properties", stated[0], "value"),
                    f"{P.EXTRA} must be a JSON object, got {type(loaded).__name__}; not read",
                )
        native: dict[str, Any] = {}
        for key, value in raw.items():
            if key in skip:
                continue
            if key == "properties":
                if props.others:
                    native[key] = props.others
            elif key == "externalReferences" and isinstance(value, list):
                rest = [r for i, r in enumerate(value) if i != used_ref]
                if rest:
                    native[key] = rest
            elif key not in view or view[key] != value:
                native[key] = value
        kept = extra.get(EXTRA_KEY)
        if native:
            if isinstance(kept, dict):
                extra[EXTRA_KEY] = {**native, **kept}
            else:
                if kept is not None:  # a value of its own under the key native fields go in
                    extra[f"{EXTRA_KEY}-kept"] = kept
                extra[EXTRA_KEY] = native
        if extra:
            too_deep = extra_depth_error(extra)
            if too_deep is None:
                extra, too_deep = plain_extra(extra)
            if too_deep is not None:
                kept_keys = ", ".join(sorted(map(str, extra.get(EXTRA_KEY) or extra)))
                self.problem(path, f"the fields kept as they are ({kept_keys}): {too_deep}")
                return {}
        return extra

    def _component(
        self, raw: Mapping[str, Any], owner: str, index: int, kind: ArtifactKind, path: Path
    ) -> Component | None:
        props = read_props(raw.get("properties"))
        for where, unknown in props.unknown:
            self.warn((*path, "properties", where), f"unknown property {unknown!r}: kept as is")
        evidence = self._evidence(props, path)
        stated = props.first(P.ROLE)
        if stated is not None and stated[1] in Role._value2member_map_:
            role = Role(stated[1])
        else:
            if stated is not None:
                close = role_suggestions(stated[1])
                hint = (
                    f"did you mean {' or '.join(repr(r.value) for r in close)}? " if close else ""
                )
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"unknown role {stated[1]!r}; {hint}expected one of "
                    f"{', '.join(r.value for r in Role)}",
                )
            entries = list_or_empty(raw.get("data"))
            data_type = text_or_none(mapping_or_empty(entries[0]).get("type")) if entries else None
            role = infer_role(str(raw.get("type")), data_type, kind)
            evidence.append(
                Evidence(
                    source=self.doc.path,
                    locator=locator(path),
                    kind=EvidenceKind.NORMALISED,
                    note=f"role {role.value} inferred from CycloneDX type {raw.get('type')!r}",
                )
            )
        availability: Availability | None = None
        stated = props.first(P.AVAILABILITY)
        if stated is not None:
            if stated[1] in Availability._value2member_map_:
                availability = Availability(stated[1])
            else:
                self.problem(
                    (*path, "properties", stated[0], "value"), f"unknown availability {stated[1]!r}"
                )
        digests, skipped = read_hashes(raw.get("hashes"))
        for where, why in skipped:
            self.warn((*path, "hashes", where), f"{why}: kept as is, not as a digest")
        git = props.first(P.GIT_SHA1)
        if git is not None:
            digests[DigestAlgorithm.GIT_SHA1] = git[1]
        ref_type = LOCATION_REF[role.content_type]
        refs = list_or_empty(raw.get("externalReferences"))
        location_index = next(
            (
                i
                for i, r in enumerate(refs)
                if isinstance(r, Mapping)
                and r.get("type") == ref_type
                and isinstance(r.get("url"), str)
            ),
            None,
        )
        name = text_or_none(raw.get("name"))
        if props.first(P.UNNAMED) is not None:
            name = None
        try:
            part = Component(
                role=role,
                name=name,
                description=text_or_none(raw.get("description")),
                availability=availability,
                license=self._license(raw, props, path),
                location=refs[location_index]["url"] if location_index is not None else None,
                revision=long_version(props) or text_or_none(raw.get("version")),
                digests=digests,
                files=read_files(raw.get("components")) or [],
                evidence=evidence,
            )
        except ValidationError as exc:
            self._model_problems(exc, path)
            return None
        view = component_view(part, owner, index, self.ctx)
        extra = self._extra(raw, view, props, path, location_index)
        return part.model_copy(update={"extra": extra}) if extra else part
