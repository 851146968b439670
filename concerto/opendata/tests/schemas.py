"""The HSDS 3.0 schemas with the Concerto profile applied, to validate what the API answers.

The schemas are copies of the Open Referral specification's (tag 3.0, CC BY-SA 4.0) and the
DCAT-AP 3.0.1 SHACL shapes (SEMIC, CC BY 4.0), gzipped beside this file (README.md says where
they come from), so the tests need no network.
"""

from __future__ import annotations

import copy
import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"
PROFILE = HERE.parent / "profile"
SPEC = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
COMPILED = (
    "service",
    "service_list",
    "organization",
    "organization_list",
    "service_at_location",
    "service_at_location_list",
)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge key by key, ``null`` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def hsds(name: str) -> dict[str, Any]:
    with gzip.open(SCHEMAS / "hsds-3.0" / f"{name}.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


def base_schema(name: str) -> dict[str, Any]:
    """The HSDS schema; taxonomy_term and taxonomy are the objects nested in the compiled service schema."""
    if name == "taxonomy_term":
        return hsds("service")["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]
    if name == "taxonomy":
        return base_schema("taxonomy_term")["properties"]["taxonomy_detail"]
    return hsds(name)


@cache
def profiled(name: str) -> dict[str, Any]:
    """The HSDS schema ``name`` with the Concerto profile's merge patch applied."""
    patch = json.loads((PROFILE / f"{name}.json").read_text())
    schema = merge_patch(base_schema(name), patch)
    Draft202012Validator.check_schema(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


@cache
def registry() -> Registry:
    """The profiled schemas under the URIs the HSDS OpenAPI refers to them by."""
    resources = [(f"{SPEC}compiled/{name}.json", profiled(name)) for name in COMPILED]
    resources += [(f"{SPEC}{name}.json", profiled(name)) for name in ("taxonomy", "taxonomy_term")]
    return Registry().with_resources(
        (uri, Resource.from_contents(schema, default_specification=DRAFT202012)) for uri, schema in resources
    )


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(profiled(name), registry=registry(), format_checker=FormatChecker())


def page_validator(path: str) -> Draft202012Validator:
    """The OpenAPI's answer schema of a list endpoint (Page + contents referring to the item schema)."""
    openapi = hsds("openapi")
    schema = copy.deepcopy(openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])
    schema["allOf"] = [openapi["components"]["schemas"]["Page"]]
    page_fields = list(openapi["components"]["schemas"]["Page"]["properties"])
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": [*page_fields, "contents"],
        **schema,
    }
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


def root_validator() -> Draft202012Validator:
    schema = hsds("openapi")["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return Draft202012Validator(
        {**schema, "required": ["version", "profile", "openapi_url"]}, format_checker=FormatChecker()
    )


def errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(instance)]


def shacl_shapes(*, with_ranges: bool = False) -> Any:
    """The DCAT-AP 3.0.1 shapes; ``with_ranges`` adds ranges.ttl's range checks.

    ranges.ttl, as released, lists a few property shapes on its node shapes that neither file
    defines (no ``sh:path``): pySHACL refuses such a graph, so those dangling references are
    dropped and every range check that is defined is kept.
    """
    from rdflib import Graph
    from rdflib.namespace import SH

    graph = Graph()
    for name in ("dcat-ap-SHACL", *(("ranges",) if with_ranges else ())):
        with gzip.open(SCHEMAS / "dcat-ap-3.0" / f"{name}.ttl.gz", "rt", encoding="utf-8") as file:
            graph.parse(data=file.read(), format="turtle")
    dangling = [
        (node, shape) for node, shape in graph.subject_objects(SH.property) if graph.value(shape, SH.path) is None
    ]
    for node, shape in dangling:
        graph.remove((node, SH.property, shape))
    return graph
