"""The real kiosk under cage (headless wlroots, Qt's Wayland platform), as the systemd unit runs it.

It must cover the whole screen, still run after 20 s, and on SIGTERM quit with 0,
leaving nothing behind but the files it was set up with.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

KIOSK = Path(sys.executable).with_name("decision-aid")
SURVIVE_S = 20


def _cage_prefix() -> list[str]:
    """How to start cage here; skips with the reason when it cannot run."""
    if shutil.which("cage") is None:
        pytest.skip("cage is not installed (scripts/setup.sh test installs it when run as root)")
    if os.geteuid() != 0:
        return ["cage"]
    # cage refuses to run as root ("Unable to drop root"). A user namespace without a uid
    # map makes it an unprivileged user that can still read this checkout.
    if shutil.which("unshare") is None:
        pytest.skip("cage refuses to run as root, and unshare (util-linux) is not installed")
    probe = subprocess.run(
        ["unshare", "--user", "true"], check=False, capture_output=True, text=True
    )
    if probe.returncode != 0:
        pytest.skip(
            "cage refuses to run as root, and this machine forbids user namespaces "
            f"(unshare --user: {probe.stderr.strip()})"
        )
    return ["unshare", "--user", "cage"]


def _cli(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([str(KIOSK), *args], check=False, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_kiosk_covers_the_screen_survives_and_quits_cleanly_under_cage(tmp_path: Path) -> None:
    prefix = _cage_prefix()
    home, run, spool, keys = (tmp_path / n for n in ("home", "run", "spool", "keys"))
    home.mkdir()
    spool.mkdir()
    run.mkdir(mode=0o700)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "LANGUAGE": "en",
    }
    (tmp_path / "passphrase").write_text("a clinic passphrase\n")
    (tmp_path / "pin").write_text("246810\n")
    _cli(env, "kiosk", "keys", "init", "--out", str(keys), "--passphrase-file",
         str(tmp_path / "passphrase"))  # fmt: skip
    _cli(env, "kiosk", "set-pin", "--pin-file", str(tmp_path / "pin"))
    settings = home / ".config" / "decision-aid" / "settings.json"
    values = json.loads(settings.read_text())
    values.update(kiosk_spool=str(spool), kiosk_public_key=str(keys / "kiosk-handover.pub"))
    settings.write_text(json.dumps(values))
    _cli(env, "kiosk", "--check")
    before = _files(tmp_path)

    report, pid_file, rc_file = tmp_path / "report.json", tmp_path / "pid", tmp_path / "rc"
    # cage's own exit status does not carry its client's: a small shell records both.
    client = tmp_path / "client.sh"
    client.write_text(
        f'#!/bin/sh\n"{KIOSK}" kiosk &\necho $! > "{pid_file}"\nwait $!\necho $? > "{rc_file}"\n'
    )
    client.chmod(0o755)
    env.update(
        XDG_RUNTIME_DIR=str(run),
        WLR_BACKENDS="headless",
        WLR_LIBINPUT_NO_DEVICES="1",
        # No GPU here: wlroots' software renderer.
        WLR_RENDERER="pixman",
        QT_QPA_PLATFORM="wayland",
        DECISION_AID_KIOSK_REPORT=str(report),
    )
    cage = subprocess.Popen(
        [*prefix, "--", str(client)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            cage.wait(timeout=SURVIVE_S)
        shown = json.loads(report.read_text())
        assert shown["platform"] == "wayland"
        assert shown["covers_screen"] is True, shown
        assert shown["window"] == shown["screen"], shown
        assert min(shown["screen"][2:]) > 0, shown
        os.kill(int(pid_file.read_text()), signal.SIGTERM)
        _out, err = cage.communicate(timeout=60)
    finally:
        if cage.poll() is None:
            cage.kill()
            cage.communicate()
    text = err.decode(errors="replace")
    assert cage.returncode == 0, text
    assert rc_file.read_text().strip() == "0", text
    assert "Traceback" not in text and "unexpected error" not in text, text
    assert list(run.iterdir()) == [], "the Wayland socket was left behind"
    assert list(spool.iterdir()) == []
    left = _files(tmp_path) - before - {"report.json", "pid", "rc", "client.sh", "run"}
    assert left == set(), left
