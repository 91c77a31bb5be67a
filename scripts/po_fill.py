"""Fill zh_Hans translations into an app's catalog from a JSON map, then compile.

    python scripts/po_fill.py src/xieshang/web/locale/zh_Hans/LC_MESSAGES/django.po translations.json

The JSON maps msgid → msgstr (for plural entries: msgid → [msgstr]). Entries already translated are
overwritten only if given. Clears the fuzzy flag of the entries it fills and writes the .mo beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib


def main(po_path: str, mapping_path: str) -> int:
    po = polib.pofile(po_path)
    mapping = json.loads(Path(mapping_path).read_text(encoding="utf-8"))
    for entry in po:
        if entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            values = value if isinstance(value, list) else [value]
            entry.msgstr_plural = dict(enumerate(values))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "zh_Hans"
    po.save(po_path)
    po.save_as_mofile(str(Path(po_path).with_suffix(".mo")))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
