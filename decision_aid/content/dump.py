"""Write a pack back out as YAML files (the inverse of the loader)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML

from decision_aid.atomic import write_atomic
from decision_aid.content.loader import LoadedPack


def to_yaml(model: BaseModel) -> bytes:
    """A model as block-style YAML, leaving out empty optional fields."""
    data: Any = model.model_dump(mode="json", exclude_none=True)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue().encode("utf-8")


def dump_pack(loaded: LoadedPack, folder: Path) -> Path:
    """Write the pack into ``folder`` (pack.yaml, content.yaml, translations, other files)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {"pack.yaml", "content.yaml"}
    write_atomic(folder / "pack.yaml", to_yaml(loaded.meta))
    write_atomic(folder / "content.yaml", to_yaml(loaded.content))
    for locale, translation in loaded.translations.items():
        rel = f"translations/{locale}.yaml"
        written.add(rel)
        write_atomic(folder / rel, to_yaml(translation))
    skip = set(loaded.files.values())
    for rel in loaded.source.files():
        if rel not in skip and rel not in written:
            write_atomic(folder / rel, loaded.source.read(rel))
    return folder
