"""Sign the shipped packs (option_grids/) and the example community directory
(directories/) again with the project's example-content key.

Run after any change to a shipped pack (the test suite fails until it is done):

    .venv/bin/python scripts/sign_examples.py --key PATH/example-content.key \\
        --passphrase-file PATH/passphrase

(or set DECISION_AID_EXAMPLE_KEY and DECISION_AID_EXAMPLE_PASSPHRASE_FILE). The private
key is never kept in the repository; its public half is
decision_aid.content.trust.publishers.EXAMPLE_PUBLIC_KEY. Each pack's signature expires
with the pack itself (its own 'expires' date), and the packs are checked afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_aid.content.errors import PackError  # noqa: E402
from decision_aid.content.library import pack_paths  # noqa: E402
from decision_aid.content.loader import load_pack  # noqa: E402
from decision_aid.content.source import SourceError, open_source  # noqa: E402
from decision_aid.content.trust.keys import SigningKeyError, load_private_key  # noqa: E402
from decision_aid.content.trust.policy import TrustPolicy  # noqa: E402
from decision_aid.content.trust.publishers import example_publisher  # noqa: E402
from decision_aid.content.trust.sign import SignError, sign_pack  # noqa: E402
from decision_aid.content.trust.verify import check_path  # noqa: E402
from decision_aid.directory.load import (  # noqa: E402
    directory_paths,
    load_directory,
    read_directory,
)
from decision_aid.directory.signing import sign_directory  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key", type=Path, default=os.environ.get("DECISION_AID_EXAMPLE_KEY"))
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        default=os.environ.get("DECISION_AID_EXAMPLE_PASSPHRASE_FILE"),
    )
    parser.add_argument("--packs", type=Path, default=ROOT / "option_grids")
    parser.add_argument("--directories", type=Path, default=ROOT / "directories")
    args = parser.parse_args(argv)
    if args.key is None or args.passphrase_file is None:
        parser.error("give --key and --passphrase-file (the key is kept outside the repository)")
    try:
        secret = args.passphrase_file.read_text(encoding="utf-8").splitlines()[0].encode()
        key = load_private_key(args.key, secret)
    except (OSError, IndexError, SigningKeyError) as exc:
        print(f"{args.key}: {exc}", file=sys.stderr)
        return 1
    if key.public != example_publisher().keys[0]:
        print(f"{args.key} is not the example-content key this app trusts.", file=sys.stderr)
        return 1
    policy = TrustPolicy()
    for path in pack_paths([args.packs]):
        try:
            expires = load_pack(path).meta.expires
            sign_pack(path, key, expires=expires)
            checked = check_path(path, policy)
        except (PackError, SignError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 1
        print(f"signed {path.name} {checked.trust.version}, expires {expires.isoformat()}")
    for path in directory_paths([args.directories]):
        try:
            found, problems = read_directory(open_source(path), date.today())
            if found is None or problems:
                raise PackError(problems)
            expires = found.expires
            sign_directory(path, key, expires=expires)
            trust = load_directory(path, policy).trust
        except (PackError, SignError, SourceError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 1
        print(f"signed directory {path.name} {trust.version}, expires {expires.isoformat()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
