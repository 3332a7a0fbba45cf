"""FHIR cross-check driver: validates Backstep's FHIR R4 export with an independent implementation.

Usage: python crosscheck_fhir.py <directory>     (python crosscheck_fhir.py --check: are the packages there?)

Every `*.json` file in the directory is read as one FHIR `Bundle` and checked two ways:

1. By the R4 (4.0.1) models of PyPI's `fhir.resources` 6.4.0: the whole Bundle is parsed with
   `fhir.resources.bundle.Bundle`, so every entry's resource is validated by its own model (element names, types,
   primitive formats such as dateTime/decimal/code/id/uri, cardinality, required elements, choice types, and
   unknown elements refused).
2. By rules those models leave out, written here from the R4 specification:
   * every `fullUrl` is `urn:uuid:<lower-case UUID>`, unique in the bundle, and equal to the resource's `id` when
     the resource has one (Backstep's convention);
   * every `reference` resolves to a `fullUrl` in the bundle, and points to a resource type the element allows;
   * codes with a *required* binding hold a value of the bound value set (the models don't check enumerations);
   * a dateTime/instant with a time has a time zone (R4 datatypes: "If hours and minutes are specified, a time
     zone SHALL be populated");
   * every LOINC coding uses a code from the expected set, with its display; every observation category is from
     the observation-category code system;
   * every Quantity is a UCUM quantity (system http://unitsofmeasure.org) with a code from the expected set;
   * Observation invariants obs-6 (dataAbsentReason only without a value) and obs-7 (no component with the
     observation's own code when there is a value).

fhir.resources 6.4.0 is written against the pydantic 1 API. The shared venv needs pydantic 2 (openapi-spec-validator),
so before importing the models this driver points the `pydantic` module names at pydantic 2's bundled
`pydantic.v1` (the pydantic 1.10 code), in this process only.

Prints one JSON object on stdout:
{"validator": {"package": "fhir.resources", "version", "fhirVersion"},
 "files": {name: {"accepted": bool, "errors": [...], "resourceTypes": {type: count},
                  "loinc": [codes], "ucum": [codes], "references": n}}}
Exit status 3 with {"missing": [...]} when a package is missing.
"""

import importlib
import json
import os
import pkgutil
import re
import sys

missing = []


def _use_pydantic_v1():
    """Points `pydantic` and its submodules at `pydantic.v1` when pydantic 2 is installed."""
    import pydantic

    if not pydantic.VERSION.startswith("2."):
        return
    import pydantic.v1 as v1

    sys.modules["pydantic"] = v1
    for info in pkgutil.iter_modules(v1.__path__):
        try:
            sys.modules["pydantic." + info.name] = importlib.import_module("pydantic.v1." + info.name)
        except ImportError:
            pass  # optional plugins (mypy, hypothesis)


try:
    _use_pydantic_v1()
    import fhir.resources
    from fhir.resources.bundle import Bundle
except ImportError as error:
    missing.append("fhir.resources==6.4.0 (%s)" % error)

UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATETIME_WITH_TIME = re.compile(r"^-?\d{4}-\d{2}-\d{2}T")
TIME_ZONE = re.compile(r"(Z|[+-]\d{2}:\d{2})$")

# LOINC codes Backstep may write, with LOINC's display (docs/fhir-export.md says where each was checked).
EXPECTED_LOINC = {
    "72514-3": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    "8867-4": "Heart rate",
    "29463-7": "Body weight",
    "55411-3": "Exercise duration",
}
# UCUM codes Backstep may write.
EXPECTED_UCUM = {"s", "min", "m", "m/s", "kg", "/min", "{score}", "kcal", "%", "1"}
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
# R4 observation-category codes.
CATEGORIES = {"social-history", "vital-signs", "imaging", "laboratory", "procedure", "survey", "exam", "therapy",
              "activity"}

# Required bindings of the elements Backstep writes: (resource type, dotted path) -> allowed codes (R4 value sets).
REQUIRED = {
    ("Bundle", "type"): {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                         "history", "searchset", "collection"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
    ("Observation", "status"): {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                                "entered-in-error", "unknown"},
    ("CarePlan", "status"): {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("CarePlan", "activity.detail.status"): {"not-started", "scheduled", "in-progress", "on-hold", "completed",
                                             "cancelled", "stopped", "unknown", "entered-in-error"},
    ("CarePlan", "activity.detail.scheduledTiming.repeat.periodUnit"): {"s", "min", "h", "d", "wk", "mo", "a"},
    ("CarePlan", "activity.detail.scheduledTiming.repeat.durationUnit"): {"s", "min", "h", "d", "wk", "mo", "a"},
    ("QuestionnaireResponse", "status"): {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    ("Practitioner", "identifier.use"): {"usual", "official", "temp", "secondary", "old"},
}

# Which resource types each reference element Backstep writes may point to (R4 element definitions).
REFERENCE_TARGETS = {
    ("Patient", "managingOrganization"): {"Organization"},
    ("Observation", "subject"): {"Patient", "Group", "Device", "Location"},
    ("Observation", "performer"): {"Practitioner", "PractitionerRole", "Organization", "CareTeam", "Patient",
                                   "RelatedPerson"},
    ("Observation", "hasMember"): {"Observation", "QuestionnaireResponse", "MolecularSequence"},
    ("CarePlan", "subject"): {"Patient", "Group"},
    ("CarePlan", "author"): {"Patient", "Practitioner", "PractitionerRole", "Device", "RelatedPerson",
                             "Organization", "CareTeam"},
    ("CarePlan", "replaces"): {"CarePlan"},
    ("CarePlan", "note.authorReference"): {"Practitioner", "Patient", "RelatedPerson", "Organization"},
    ("QuestionnaireResponse", "subject"): None,  # Reference(Any)
    ("QuestionnaireResponse", "author"): {"Device", "Practitioner", "PractitionerRole", "Patient", "RelatedPerson",
                                          "Organization"},
    ("QuestionnaireResponse", "source"): {"Patient", "Practitioner", "PractitionerRole", "RelatedPerson"},
}


def values_at(node, path):
    """Every value at a dotted path, flattening arrays on the way."""
    nodes = [node]
    for part in path.split("."):
        next_nodes = []
        for item in nodes:
            items = item if isinstance(item, list) else [item]
            for element in items:
                if isinstance(element, dict) and part in element:
                    value = element[part]
                    next_nodes.extend(value if isinstance(value, list) else [value])
        nodes = next_nodes
    return nodes


def walk(node, path, visit):
    """Calls visit(path, key, value) for every member of every object below node."""
    if isinstance(node, dict):
        for key, value in node.items():
            visit(path, key, value)
            walk(value, path + [key], visit)
    elif isinstance(node, list):
        for element in node:
            walk(element, path, visit)


def model_errors(data):
    """What the fhir.resources R4 models say about the whole bundle."""
    try:
        Bundle.parse_obj(data)
        return []
    except Exception as error:  # pydantic ValidationError, or the models' own errors (unknown resourceType)
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        return ["model: " + " / ".join(lines[:12])]


def check(data):
    """Returns (errors, facts) for one bundle."""
    errors = model_errors(data)
    facts = {"resourceTypes": {}, "loinc": set(), "ucum": set(), "references": 0}
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        return errors + ["not a Bundle"], facts
    for path, allowed in [("type", REQUIRED[("Bundle", "type")])]:
        for value in values_at(data, path):
            if value not in allowed:
                errors.append("Bundle.%s: %r is not in its required value set" % (path, value))
    if data.get("type") != "collection":
        errors.append("Bundle.type is %r, expected collection" % data.get("type"))

    entries = data.get("entry", [])
    types = {}
    for index, entry in enumerate(entries):
        url = entry.get("fullUrl")
        resource = entry.get("resource", {})
        if not isinstance(url, str) or not UUID_URN.match(url):
            errors.append("entry[%d].fullUrl %r is not urn:uuid:<lower-case uuid>" % (index, url))
        elif url in types:
            errors.append("entry[%d].fullUrl %s is not unique" % (index, url))
        else:
            types[url] = resource.get("resourceType")
            if "id" in resource and resource["id"] != url[len("urn:uuid:"):]:
                errors.append("entry[%d]: resource id %r differs from its fullUrl" % (index, resource["id"]))

    for index, entry in enumerate(entries):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        facts["resourceTypes"][kind] = facts["resourceTypes"].get(kind, 0) + 1
        where = "entry[%d] %s" % (index, kind)

        for (owner, path), allowed in REQUIRED.items():
            if owner != kind:
                continue
            for value in values_at(resource, path):
                if value not in allowed:
                    errors.append("%s.%s: %r is not in its required value set" % (where, path, value))

        for (owner, path), allowed in REFERENCE_TARGETS.items():
            if owner != kind:
                continue
            for ref in values_at(resource, path):
                target = types.get(ref.get("reference")) if isinstance(ref, dict) else None
                if target is not None and allowed is not None and target not in allowed:
                    errors.append("%s.%s points to %s" % (where, path, target))

        def visit(path, key, value):
            dotted = ".".join(path + [key])
            if key == "reference":
                facts["references"] += 1
                if value not in types:
                    errors.append("%s.%s: %r resolves to no fullUrl in the bundle" % (where, dotted, value))
            if isinstance(value, str) and DATETIME_WITH_TIME.match(value) and not TIME_ZONE.search(value):
                errors.append("%s.%s: %r has a time but no time zone" % (where, dotted, value))
            for coding in value if isinstance(value, list) else [value]:
                if not isinstance(coding, dict):
                    continue
                if coding.get("system") == "http://loinc.org":
                    code = coding.get("code")
                    facts["loinc"].add(code)
                    if code not in EXPECTED_LOINC:
                        errors.append("%s.%s: LOINC %r is not one Backstep writes" % (where, dotted, code))
                    elif coding.get("display") not in (None, EXPECTED_LOINC[code]):
                        errors.append("%s.%s: LOINC %s display %r" % (where, dotted, code, coding.get("display")))
                if coding.get("system") == CATEGORY_SYSTEM and coding.get("code") not in CATEGORIES:
                    errors.append("%s.%s: category %r is not an observation category" % (where, dotted,
                                                                                          coding.get("code")))
            if key.endswith("Quantity") or key == "quantity":
                if not isinstance(value, dict):
                    return
                if value.get("system") != "http://unitsofmeasure.org":
                    errors.append("%s.%s: quantity system %r is not UCUM" % (where, dotted, value.get("system")))
                code = value.get("code")
                facts["ucum"].add(code)
                if code not in EXPECTED_UCUM:
                    errors.append("%s.%s: unit code %r is not an expected UCUM code" % (where, dotted, code))

        walk(resource, [], visit)

        if kind == "Observation":
            has_value = any(key.startswith("value") for key in resource)
            if has_value and "dataAbsentReason" in resource:
                errors.append("%s: obs-6 dataAbsentReason with a value" % where)
            codes = {(c.get("system"), c.get("code")) for c in resource.get("code", {}).get("coding", [])}
            for component in resource.get("component", []):
                component_codes = {(c.get("system"), c.get("code")) for c in component.get("code", {}).get("coding",
                                                                                                           [])}
                if has_value and codes & component_codes:
                    errors.append("%s: obs-7 component with the observation's own code" % where)

    facts["loinc"] = sorted(c for c in facts["loinc"] if isinstance(c, str))
    facts["ucum"] = sorted(c for c in facts["ucum"] if isinstance(c, str))
    return errors, facts


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        if missing:
            print(json.dumps({"missing": missing}))
            sys.exit(3)
        print(json.dumps({"ok": True, "version": fhir.resources.__version__,
                          "fhirVersion": fhir.resources.__fhir_version__}))
        return
    if missing:
        print(json.dumps({"missing": missing}))
        sys.exit(3)
    directory = sys.argv[1]
    report = {"validator": {"package": "fhir.resources", "version": fhir.resources.__version__,
                            "fhirVersion": fhir.resources.__fhir_version__}, "files": {}}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                data = json.load(handle)
        except ValueError as error:
            report["files"][name] = {"accepted": False, "errors": ["not JSON: %s" % error], "resourceTypes": {},
                                     "loinc": [], "ucum": [], "references": 0}
            continue
        errors, facts = check(data)
        report["files"][name] = dict(facts, accepted=not errors, errors=errors)
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
