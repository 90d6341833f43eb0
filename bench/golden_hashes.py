"""sha256 of the unsigned PDF of every golden fixture, to show a speed change moves no byte.

``python -m bench.golden_hashes > before.txt``, change the code, run it again and ``diff``:
a replacement of a WeasyPrint step must leave every line the same. Rendered through
:func:`service.golden.render_fixture` (the real pipeline, unsigned, fixed ``as_of``).
"""

from __future__ import annotations

import hashlib
import sys

from service.golden import GOLDEN_DIR, fixture_name, fixtures, render_fixture
from service.runtime import Runtime


def main() -> int:
    runtime = Runtime()
    for path in fixtures(GOLDEN_DIR):
        pdf = render_fixture(path, runtime)
        print(f"{hashlib.sha256(pdf).hexdigest()}  {fixture_name(path)}")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
