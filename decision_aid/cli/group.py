"""``decision-aid group [PACK]``: run a group session, with participants on their phones."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import UsageError, find_pack, out, pack_roots
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack


def _run(args: argparse.Namespace) -> int:
    from decision_aid.settings import GROUP_THRESHOLD, SettingsError, load_settings

    try:
        threshold = load_settings().group_threshold
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    if args.threshold is not None:
        least, most = GROUP_THRESHOLD
        if not least <= args.threshold <= most:
            raise UsageError(
                _("--threshold must be from {least} to {most}").format(least=least, most=most)
            )
        threshold = args.threshold
    if args.address is not None:
        from decision_aid.group.server import one_address

        if not one_address(args.address):
            raise UsageError(
                _(
                    "--address must be one IPv4 address of this computer, such as "
                    "192.168.1.20, not '{value}'"
                ).format(value=args.address)
            )
    roots = pack_roots(args)
    if args.check:
        return _check(args, roots, threshold)
    if args.pack is not None:
        loaded = find_pack(args.pack, roots)

        def choose() -> LoadedPack | None:
            return loaded
    else:

        def choose() -> LoadedPack | None:
            from decision_aid.ui.group.choose import choose_pack

            return choose_pack(roots)

    from decision_aid.ui.group.run import run_group

    return run_group(choose, threshold=threshold, address=args.address)


def _check(args: argparse.Namespace, roots: list[Path], threshold: int) -> int:
    """Say what a session would use, without opening it."""
    from decision_aid.content.library import build_index
    from decision_aid.ui.group.run import network_addresses

    if args.pack is not None:
        packs = [find_pack(args.pack, roots)]
    else:
        packs = [find_pack(e.id, roots) for e in build_index(roots) if e.valid and e.used]
    if not packs:
        raise UsageError(_("no pack was found; give a folder with --packs DIR"))
    # The interfaces that are up, as the window lists them: nothing is sent or looked up.
    addresses = network_addresses()
    if args.address is not None:
        addresses = [args.address]
    for loaded in packs:
        out(
            _(
                "{title} ({id}): {options} options, {concerns} concerns to rate. A spread "
                "shows once {threshold} people have answered it."
            ).format(
                title=loaded.meta.title,
                id=loaded.meta.id,
                options=len(loaded.content.options),
                concerns=len(loaded.content.values),
                threshold=threshold,
            )
        )
    if addresses:
        out(_("The page can be served on: {addresses}").format(addresses=", ".join(addresses)))
    else:
        out(_("No network address found: only this computer could open the page."))
    return 0


def add_commands(commands: Any) -> None:
    """Add ``group`` to the top-level sub-parsers ``commands``."""
    group = commands.add_parser(
        "group",
        help=_("run a group session: participants answer anonymously on their own phones"),
        description=_(
            "Open a pack in group mode: the window shows a code that participants scan to "
            "join on their phones, and what the group says, as counts only."
        ),
    )
    group.add_argument(
        "pack", nargs="?", metavar="ID", help=_("the pack's id; without it, choose one")
    )
    group.add_argument(
        "--threshold",
        type=int,
        metavar="N",
        help=_("people who must answer before a spread shows (default: the setting, 5)"),
    )
    group.add_argument(
        "--address",
        metavar="IP",
        help=_("the network address to serve the page on (default: the first one found)"),
    )
    group.add_argument(
        "--check",
        action="store_true",
        help=_("check the pack and the network addresses, say what a session would use, and stop"),
    )
    group.set_defaults(func=_run)
