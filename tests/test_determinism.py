"""Same case + same as_of ⇒ the same unsigned bytes, for every kind, across processes.

Each golden fixture (every kind is covered there) is rendered here and in a fresh Python
process: anything that depends on the process (random identifiers, timestamps, hash seeds,
dictionary order of a cache) makes the two differ.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from service.golden import GOLDEN_DIR, fixture_name, fixtures, render_fixture
from service.paths import ROOT

SCRIPT = """
import hashlib, json, sys
from pathlib import Path
from service.golden import fixture_name, fixtures, render_fixture
from service.runtime import Runtime
rt = Runtime()
out = {fixture_name(p): hashlib.sha256(render_fixture(p, rt)).hexdigest()
       for p in fixtures(Path(sys.argv[1]))}
print(json.dumps(out))
"""


def test_every_kind_renders_the_same_bytes_in_another_process(runtime):
    here = {fixture_name(p): hashlib.sha256(render_fixture(p, runtime)).hexdigest()
            for p in fixtures(GOLDEN_DIR)}
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # another seed than this process's
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(GOLDEN_DIR)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    there = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(here) >= 12 and set(here) == set(there)
    assert {name for name in here if here[name] != there[name]} == set()
