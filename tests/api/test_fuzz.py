"""Whatever a client sends, the answer is never a 500: mutated cases against the API."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import copy_raw, example_raw

BASE = example_raw()

junk = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=2),
    st.sampled_from(["", "2026-02-30", "0", "-1", "1e400", "12.345", "FR76", "2026-11-20",
                     "2023-06-01", "2019-12-31",
                     "\u0000", "<b>", "9" * 400]),
)


def paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += paths(v, prefix + (i,))
    return out


ALL_PATHS = paths(BASE)


def mutate(raw: dict, path: tuple, value: Any, delete: bool) -> dict:
    raw = copy_raw(raw)
    target = raw
    for key in path[:-1]:
        target = target[key]
    if delete and isinstance(target, dict):
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
    return raw


def mutated(mutations: list[tuple[tuple[Any, ...], Any, bool]]) -> Any:
    """BASE with each mutation applied that its path allows (others are skipped)."""
    raw = BASE
    for path, value, delete in mutations:
        try:
            raw = mutate(raw, path, value, delete)
        except (KeyError, IndexError, TypeError):
            continue
    return raw


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(st.tuples(st.sampled_from(ALL_PATHS), junk, st.booleans()),
                          min_size=1, max_size=3),
       endpoint=st.sampled_from(["/v1/decompte", "/v1/validate", "/v1/documents/relance"]))
def test_mutated_cases_never_cause_a_server_error(client, mutations, endpoint):
    raw = mutated(mutations)
    body = {"case": raw, "options": {"level": 2, "sign": False}}
    if endpoint != "/v1/documents/relance":
        body.pop("options")
    r = client.post(endpoint, data=json.dumps(body, default=str), content_type="application/json")
    assert r.status_code in (200, 400, 422), (r.status_code, r.get_data(as_text=True)[:500])
    if r.status_code != 200:
        assert r.mimetype == "application/problem+json"
        assert all(e["path"].startswith(("case", "options", "kind")) for e in r.json["errors"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(st.tuples(st.sampled_from(ALL_PATHS), junk, st.booleans()),
                          min_size=1, max_size=3),
       kind=st.sampled_from(["mise_en_demeure", "injonction_de_payer", "assignation",
                             "refere_provision"]))
def test_mutated_cases_never_cause_a_server_error_in_any_kind(client, mutations, kind):
    raw = mutated(mutations)
    body = {"case": raw, "options": {"sign": False, "attach_evidence": False}}
    r = client.post(f"/v1/documents/{kind}", data=json.dumps(body, default=str),
                    content_type="application/json")
    assert r.status_code in (200, 400, 422), (r.status_code, r.get_data(as_text=True)[:500])
    if r.status_code != 200:
        assert r.mimetype == "application/problem+json"
        assert all(e["path"].startswith(("case", "options", "kind")) for e in r.json["errors"])
