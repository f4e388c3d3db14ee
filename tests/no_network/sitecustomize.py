"""No network for the process: put this folder on PYTHONPATH and Python loads it at start.

Used by tests/test_no_network.py, so that the real command's own process (and any Python
process it starts, which inherits PYTHONPATH) runs with the network blocked:

- a connection (TCP ``connect``/``connect_ex``, a UDP ``send``/``sendto``; a UDP
  ``connect`` alone sends nothing and is let through) to an internet address
  other than those listed in ``DECISION_AID_NO_NETWORK_ALLOW`` (``host:port,...``);
- a name lookup (``getaddrinfo``, ``gethostbyname`` ...) of any host but those listed;

each fails with "network unreachable" and is written, with where it came from, as one
JSON line to the file ``DECISION_AID_NO_NETWORK_LOG`` (where each guarded process also
notes that it started). Local sockets (AF_UNIX) are not network and are left alone.

With ``DECISION_AID_NO_NETWORK_GUI=1``, a window's event loop is ended (cleanly, through
``QApplication.quit``) once a list in it shows at least one row, or after 30 s; a line
``{"gui": "listed"}`` (or ``"not listed"``) is logged. That lets the library window, which
otherwise runs until closed, be run to the point where it has listed its packs.
"""

import errno
import ipaddress
import json
import os
import socket
import sys
import traceback

_LOG = os.environ.get("DECISION_AID_NO_NETWORK_LOG", "")
_ALLOWED = set()
for _item in os.environ.get("DECISION_AID_NO_NETWORK_ALLOW", "").split(","):
    if _item.strip():
        _host, _port = _item.strip().rsplit(":", 1)
        _ALLOWED.add((_host, int(_port)))
_ALLOWED_HOSTS = {host for host, _port in _ALLOWED}
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _log(entry):
    if not _LOG:
        return
    entry["pid"] = os.getpid()
    entry["argv"] = sys.argv
    with open(_LOG, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, default=str) + "\n")


def _refuse(what, target):
    stack = "".join(traceback.format_stack(limit=12)[:-2])
    _log({"blocked": what, "target": repr(target), "stack": stack})
    return OSError(errno.ENETUNREACH, f"the network is blocked by the test ({what} {target!r})")


def _allowed(address):
    return (address[0], int(address[1])) in _ALLOWED


def _is_literal(host):
    try:
        ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host)
    except ValueError:
        return False
    return True


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto
_real_send = socket.socket.send
_real_getaddrinfo = socket.getaddrinfo


def _datagram(sock):
    return sock.family in _INTERNET and sock.type == socket.SOCK_DGRAM


def _connect(self, address):
    # A datagram socket's connect sends nothing (it only picks the route, as a program
    # asks which of its addresses faces the network); what it would send is checked.
    if self.family in _INTERNET and not _allowed(address) and not _datagram(self):
        raise _refuse("connect", address)
    return _real_connect(self, address)


def _send(self, data, *args):
    if _datagram(self):
        peer = self.getpeername()
        if not _allowed(peer):
            raise _refuse("send", peer)
    return _real_send(self, data, *args)


def _connect_ex(self, address):
    if self.family in _INTERNET and not _allowed(address):
        _refuse("connect", address)
        return errno.ENETUNREACH
    return _real_connect_ex(self, address)


def _sendto(self, data, *args):
    address = args[-1]
    if self.family in _INTERNET and not _allowed(address):
        raise _refuse("sendto", address)
    return _real_sendto(self, data, *args)


def _getaddrinfo(host, port, *args, **kwargs):
    if host is not None and host not in _ALLOWED_HOSTS and not _is_literal(host):
        raise _refuse("getaddrinfo", host)
    return _real_getaddrinfo(host, port, *args, **kwargs)


def _lookup(name):
    def lookup(host, *args):
        raise _refuse(name, host)

    return lookup


socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex
socket.socket.sendto = _sendto
socket.socket.send = _send
socket.getaddrinfo = _getaddrinfo
for _name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _lookup(_name))


# -- ending a window once it has listed something -------------------------------------------


class _QtWidgetsFinder:
    """Patches QApplication.exec as soon as PySide6.QtWidgets is imported."""

    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _patch_exec(module)

        spec.loader.exec_module = exec_module
        return spec


def _patch_exec(widgets):
    original = widgets.QApplication.exec

    def exec_(*_args):
        from PySide6.QtCore import QTimer

        app = widgets.QApplication.instance()
        state = {"turns": 0}

        def check():
            state["turns"] += 1
            for view in widgets.QApplication.allWidgets():
                if isinstance(view, widgets.QAbstractItemView) and view.isVisible():
                    model = view.model()
                    if model is not None and model.rowCount() > 0:
                        _log({"gui": "listed"})
                        app.quit()
                        return
            if state["turns"] > 600:
                _log({"gui": "not listed"})
                app.quit()
                return
            QTimer.singleShot(50, check)

        QTimer.singleShot(0, check)
        return original()

    widgets.QApplication.exec = exec_


_log({"guarded": True})  # so that a test can see this process ran with the guard

if os.environ.get("DECISION_AID_NO_NETWORK_GUI") == "1":
    sys.meta_path.insert(0, _QtWidgetsFinder())
