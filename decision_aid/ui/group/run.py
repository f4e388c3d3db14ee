"""Start the facilitator's window: ``decision-aid group [PACK]``."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow

from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _


def network_addresses() -> list[str]:
    """This computer's IPv4 addresses on networks that are up, loopback last (only this
    computer can reach it: for a trial run)."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    found: list[str] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if (
            not (
                flags & QNetworkInterface.InterfaceFlag.IsUp
                and flags & QNetworkInterface.InterfaceFlag.IsRunning
            )
            or flags & QNetworkInterface.InterfaceFlag.IsLoopBack
        ):
            continue
        for entry in interface.addressEntries():
            address = entry.ip()
            if address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                found.append(address.toString())
    return [*dict.fromkeys(found), "127.0.0.1"]


def open_group_window(loaded: LoadedPack) -> QMainWindow:
    """A group session's window for ``loaded``, shown, with the threshold from the settings."""
    from decision_aid.settings import SettingsError, load_settings
    from decision_aid.ui.group.record_action import print_record
    from decision_aid.ui.group.window import GroupWindow

    try:
        threshold = load_settings().group_threshold
    except SettingsError:
        threshold = 5
    window = GroupWindow(
        loaded, network_addresses(), threshold=threshold, print_record=print_record
    )
    window.resize(1280, 760)
    window.show()
    return window


def run_group(
    choose: Callable[[], LoadedPack | None],
    *,
    threshold: int,
    address: str | None = None,
) -> int:
    """Open the facilitator's window for the pack ``choose`` gives; run until it closes."""
    from decision_aid.ui import needs_offscreen

    if needs_offscreen():
        sys.stderr.write(
            _(
                "No display found (DISPLAY is not set). Run decision-aid on a desktop, "
                "or set QT_QPA_PLATFORM=offscreen to run without one.\n"
            )
        )
        return 2
    from PySide6.QtWidgets import QApplication

    from decision_aid.i18n import preferred_language
    from decision_aid.ui import theme
    from decision_aid.ui.group.record_action import print_record
    from decision_aid.ui.group.window import GroupWindow
    from decision_aid.ui.language import apply_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("decision-aid")
    theme.install(app)
    apply_language(preferred_language())
    loaded = choose()
    if loaded is None:
        return 0
    addresses = network_addresses()
    if address is not None:
        addresses = [address, *(a for a in addresses if a != address)]
    window = GroupWindow(loaded, addresses, threshold=threshold, print_record=print_record)
    window.resize(1280, 760)
    window.show()
    return app.exec()
