"""pyHanko without its HTTP client until a network request needs it.

Importing ``pyhanko.sign`` imports aiohttp twice over: its time-stamp package imports
the HTTP time-stamp client, and its AdES validation imports pyhanko_certvalidator's
aiohttp fetchers. That is about 110 ms and several MB, paid by every signature, although
one without a time-stamp server (PAdES B-B, the default) never sends a request.
pyhanko_certvalidator itself defers the import for this reason; pyHanko does not.

:func:`defer` puts a placeholder in each client module's place before pyHanko is
imported. A placeholder's class (``HTTPTimeStamper``, ``AIOHttpFetcherBackend``) loads
the real modules the first time one is made, and makes the real one: a signature with a
time stamp, or a validation that fetches, works exactly as before and pays for the
import then.

``tests/report/test_deferred_http.py`` checks that the installed pyHanko imports the
clients where this module expects them, so a release that moves them fails that test
instead of making the deferral a silent no-op.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

DEFERRED = {
    "pyhanko.sign.timestamps.aiohttp_client": "HTTPTimeStamper",
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": "AIOHttpFetcherBackend",
}
"""Module that imports aiohttp, and the class others import from it."""
IMPORTERS = {
    "pyhanko.sign.timestamps": "HTTPTimeStamper",
    "pyhanko.sign.validation.ades": "AIOHttpFetcherBackend",
}
"""Modules that hold a stand-in once imported: given the real class when it loads."""
_lock = threading.RLock()


class Placeholder(types.ModuleType):
    """Stands for a client module until its class is first used."""


def defer() -> None:
    """Keep aiohttp out until a request needs it. A module already imported is left as it
    is (its importers hold the real one), and nothing happens once aiohttp is loaded."""
    with _lock:
        if "aiohttp" in sys.modules:
            return
        for name, attribute in DEFERRED.items():
            if name in sys.modules:
                continue
            placeholder = Placeholder(
                name, "Not loaded yet: see decision_aid.report.deferred_http."
            )
            setattr(placeholder, attribute, _stand_in(name, attribute))
            setattr(placeholder, "__all__", [attribute])  # noqa: B010 - a module attribute
            sys.modules[name] = placeholder


def real(name: str) -> Any:
    """The real class that ``name``'s placeholder stands for, loading the clients now."""
    with _lock:
        # All at once: the time-stamp client imports a helper from the fetchers package.
        stand_ins = {}
        for module, attribute in DEFERRED.items():
            placeholder = sys.modules.get(module)
            if isinstance(placeholder, Placeholder):
                stand_ins[attribute] = getattr(placeholder, attribute)
                del sys.modules[module]
        found = {a: getattr(importlib.import_module(m), a) for m, a in DEFERRED.items()}
        for module, attribute in IMPORTERS.items():
            importer = sys.modules.get(module)
            if importer is not None and getattr(importer, attribute, None) is stand_ins.get(
                attribute
            ):
                setattr(importer, attribute, found[attribute])
        return found[DEFERRED[name]]


def _stand_in(name: str, attribute: str) -> type:
    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:  # noqa: N807 - a constructor
        return real(name)(*args, **kwargs)

    doc = f"Makes the real {attribute} (same arguments), loading it first."
    return type(attribute, (), {"__new__": __new__, "__doc__": doc, "__module__": __name__})
