"""A fix for the HTML parser WeasyPrint uses (tinyhtml5 2.1.0, the locked version).

``InputStream.chars_until`` caches its regular expressions in a module dict, but stores each
under the wrong key: ``characters = cache[(characters, opposite)] = regex`` assigns
``characters`` first, so the entry is keyed by the compiled pattern and the next lookup misses.
Every call then rebuilds the pattern's source and asks ``re`` for it again: 455 times for a
two-page letter, about 4 % of the parse. Replacing the dict by one that builds the missing
entry itself makes the lookup succeed, so the faulty line is never reached; the patterns are
the ones tinyhtml5 builds. Installed by :mod:`service.pdf.render`; tests/pdf/test_render.py
fails if tinyhtml5 changes how it caches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tinyhtml5 import inputstream


class CharactersUntilCache(dict[tuple[Iterable[str], bool], re.Pattern[str]]):
    def __missing__(self, key: tuple[Iterable[str], bool]) -> re.Pattern[str]:
        characters, opposite = key
        regex = "".join(f"\\x{ord(character):02x}" for character in characters)
        if not opposite:
            regex = f"^{regex}"
        pattern = self[key] = re.compile(f"[{regex}]+")
        return pattern


def install() -> None:
    if not isinstance(inputstream.characters_until_regex, CharactersUntilCache):
        inputstream.characters_until_regex = CharactersUntilCache()
