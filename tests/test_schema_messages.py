"""Every kind of JSON Schema condition the schemas in data/schemas/ use, made to fail once on a real data file: its
message has a Vietnamese half in Vietnamese (jsonschema's English words only in the English half) and a fix
(macros/data/schema.py). A schema that starts using a new kind of condition fails here until it has a case."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from macros.data.schema import jsonable, schema_name, schema_text, validate, validator
from macros.data.yamlload import load_text

SCHEMAS = ROOT / "data" / "schemas"
NAMES = {"properties", "$defs", "dependentRequired"}     # their keys are names, not conditions
DELEGATE = {"$ref", "items", "properties", "$schema", "$id", "title", "description", "default", "$defs"}
#                      ^ fail only through the conditions they hold (or are words, not conditions)
INSIDE_NOT = {"anyOf"}   # used only under `not` (a figure's oneOf): its failing is the `not` passing, never an error

# condition -> (data file, text written in it, what the editor writes instead)
CASES = {
    "type": ("2023/telecom.yml", "    unit: doanh nghiệp\n", "    unit: [doanh nghiệp]\n"),
    "required": ("2023/documents.yml", "    kind: Quy định\n", ""),
    "additionalProperties": ("2023/telecom.yml", "    unit: doanh nghiệp\n", "    unitt: doanh nghiệp\n"),
    "enum": ("2023/indicators.yml", "        status: đạt\n", "        status: dat\n"),
    "format": ("2023/documents.yml", "    date: 2022-10-07\n", "    date: '2022-10-07x'\n"),
    "pattern": ("2023/cover.yml", "      - page: ii-1-1-chi-tieu-nganh.md\n", "      - page: ii-1-1-chi-tieu-nganh\n"),
    "propertyNames": ("2023/documents.yml", "  qd_85_tw:\n", "  QD_85_TW:\n"),
    "minLength": ("2023/documents.yml", "    kind: Quy định\n", "    kind: ''\n"),
    "minItems": ("2023/digital.yml", "    ratio: [services_synced, services_total]\n", "    ratio: [services_synced]\n"),
    "maxItems": ("2023/digital.yml", "    ratio: [services_synced, services_total]\n",
                 "    ratio: [services_synced, services_total, services_full]\n"),
    "minProperties": ("2023/events.yml", "figures:\n", "figures: {}\nrest:\n"),
    "minimum": ("2023/report.yml", "number: null\n", "number: 0\n"),
    "maximum": ("2023/telecom.yml", "    unit: doanh nghiệp\n", "    unit: doanh nghiệp\n    decimals: 7\n"),
    "oneOf": ("2023/rules.yml", "    left: telecom.poor_and_near_poor_households\n", "    left: 5\n"),
    "not": ("2023/digital.yml", "    ratio: [services_synced, services_total]\n",
            "    ratio: [services_synced, services_total]\n    items: [a]\n"),
    "dependentRequired": ("2023/documents.yml", "    number: 85-QĐ/TW\n",
                          "    number: 85-QĐ/TW\n    corrected_number: 86-QĐ/TW\n"),
}
# jsonschema's own words (its messages are English): none may reach the Vietnamese half outside quotes
ENGLISH = re.compile(r"\b(is|not|the|of|under|than|should|be|any|given|schemas?|too|long|short|greater|less|"
                     r"minimum|maximum|propert(y|ies)|dependency|match(es)?|valid|expected|allowed|unexpected)\b")


def conditions(node, inside_names: bool = False) -> set:
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_names:
                found.add(key)
            found |= conditions(value, key in NAMES and not inside_names)
    elif isinstance(node, list):
        for item in node:
            found |= conditions(item)
    return found


def failed(errors) -> set:
    """The conditions that failed, those inside a oneOf's alternatives too, and the path to each (a key's
    propertyNames fails as the pattern it holds)."""
    return set().union(set(), *({e.validator, *e.schema_path} | failed(e.context) for e in errors))


def test_every_condition_the_schemas_use_has_a_case():
    used = set().union(*(conditions(json.loads(p.read_text(encoding="utf-8"))) for p in SCHEMAS.glob("*.json")))
    assert used - DELEGATE - INSIDE_NOT - set(CASES) == set()


@pytest.mark.parametrize("condition", sorted(CASES))
def test_a_failed_condition_is_said_in_vietnamese(condition):
    name, old, new = CASES[condition]
    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    assert old in text, f"data/{name} no longer holds {old!r}: choose another line for this case"
    loaded = load_text(text.replace(old, new, 1), f"data/{name}")
    schema = schema_name(name.split("/")[1][:-4])
    assert condition in failed(validator(schema_text(schema, SCHEMAS)).iter_errors(jsonable(loaded.data)))
    found = validate(loaded, schema, SCHEMAS)
    assert found, f"{condition}: no schema error"
    for error in found:
        vietnamese = re.sub(r"'[^']*'|\"[^\"]*\"", "", error.vi)   # keys and values quoted as written
        assert not ENGLISH.search(vietnamese), f"{condition}: English in the Vietnamese half: {error}"
        assert error.line and error.en and error.fix, error
