"""A generated large pack for the benches: many options and many grid rows.

``make_large_pack(folder, options=6, rows=40)`` copies the test pack
(tests/fixtures/packs/minimal) and gives it ``options`` options (the last one "no
treatment") and ``rows`` grid questions, each answered for every option in a sentence
or two, as a long grid in a real pack would be. Its figures are made up and it is never
shipped; it exists only to time the consultation at the largest size a pack may have.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "fixtures" / "packs" / "minimal"


def make_large_pack(folder: Path, options: int = 6, rows: int = 40) -> Path:
    """Write the pack into ``folder / 'large-grid'`` and return that folder."""
    target = folder / "large-grid"
    shutil.copytree(TEMPLATE, target)
    meta = target / "pack.yaml"
    meta.write_text(
        meta.read_text()
        .replace("id: minimal", "id: large-grid")
        .replace("title: Test pack", f"title: Generated grid of {options} × {rows}")
    )
    yaml = YAML()
    content: dict[str, Any] = yaml.load((target / "content.yaml").read_text())
    template = content["options"]
    ids = [f"option-{n}" for n in range(1, options)] + ["nothing"]
    content["options"] = []
    for n, option_id in enumerate(ids):
        option = dict(template[1] if option_id == "nothing" else template[0])
        option["id"] = option_id
        if option_id != "nothing":
            option["name"] = f"Treatment number {n + 1}"
        content["options"].append(option)
    content["questions"] = [
        {
            "id": f"q{row}",
            "text": f"Question {row + 1}: what happens to my daily life with this choice?",
            "answers": {
                option_id: {
                    "text": (
                        f"Out of 100 people who choose this, about {10 + (row + n) % 40} "
                        "notice a change within a year; most say it is mild."
                    ),
                    "citations": ["trial"],
                    "certainty": "moderate",
                }
                for n, option_id in enumerate(ids)
            },
        }
        for row in range(rows)
    ]
    for outcome in content["outcomes"]:
        tablet, nothing = outcome["figures"]["tablet"], outcome["figures"]["nothing"]
        outcome["figures"] = {i: dict(nothing if i == "nothing" else tablet) for i in ids}
    for value in content["values"]:
        value["fares"] = {i: {"score": 2 if i == "nothing" else -2} for i in ids}
    # Written as JSON (a pack may be), every value its own copy: YAML would share them.
    (target / "content.yaml").unlink()
    plain = json.loads(json.dumps(copy.deepcopy(content)))
    (target / "content.json").write_text(json.dumps(plain, indent=1), encoding="utf-8")
    return target
