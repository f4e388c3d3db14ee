"""A private speech-dispatcher that writes what it says to WAV files instead of a sound card.

The machine running the tests has no sound card, so the daemon's output module is
speech-dispatcher's generic one, running espeak-ng with ``-w``: every message Qt's
speechd engine sends becomes ``N.wav`` (the speech) and ``N.txt`` (the words it got, and
the language and voice it was asked for). Audio output goes to libao's null driver, which
speech-dispatcher needs to start at all. The daemon listens on its own socket, with its own
configuration, logs and home, in the test's folder; ``SPEECHD_ADDRESS=unix_socket:PATH``
points Qt at it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = {"en": "en-gb", "cy": "cy", "pl": "pl", "ar": "ar"}
"""speech-dispatcher's language code -> espeak-ng's voice."""


def missing_tools() -> list[str]:
    """What this needs and the machine lacks (scripts/setup.sh installs all three)."""
    missing = [tool for tool in ("espeak-ng", "speech-dispatcher") if shutil.which(tool) is None]
    generic = [Path("/usr/lib/speech-dispatcher-modules/sd_generic")]
    generic += list(Path("/usr/lib").glob("*/speech-dispatcher-modules/sd_generic"))
    if not any(path.exists() for path in generic):
        missing.append("speech-dispatcher's generic module (sd_generic)")
    return missing


def _module_conf(out: Path) -> str:
    # The module puts in the message ($DATA, its single quotes escaped for the shell), the
    # language and the voice where each first appears: each appears once.
    command = (
        f"n=$(date +%s%N); v=$VOICE; echo $LANGUAGE $v > {out}/$n.voice; "
        f"printf %s \\'$DATA\\' | tee {out}/$n.txt | espeak-ng -v $v --stdin -w {out}/$n.wav"
    )
    lines = ["Debug 0", f'GenericExecuteSynth "{command}"', 'GenericCmdDependency "espeak-ng"']
    for language, voice in LANGUAGES.items():
        lines.append(f'GenericLanguage "{language}" "{voice}" "utf-8"')
        lines.append(f'AddVoice "{language}" "MALE1" "{voice}"')
    return "\n".join(lines) + "\n"


@dataclass
class SpeechDispatcher:
    socket: Path
    out: Path
    process: subprocess.Popen[bytes]

    def messages(self) -> list[tuple[str, str, str, Path]]:
        """(words, language, voice, wav file) of every message spoken, in order."""
        found = []
        for text in sorted(self.out.glob("*.txt"), key=lambda p: int(p.stem)):
            words = text.read_text(encoding="utf-8")
            language, voice = text.with_suffix(".voice").read_text(encoding="utf-8").split()
            found.append((words, language, voice, text.with_suffix(".wav")))
        return found


@contextmanager
def private_speech_dispatcher(root: Path) -> Iterator[SpeechDispatcher]:
    """Run a speech-dispatcher writing WAV files under ``root``, until the block ends."""
    config, out, logs, home = root / "config", root / "out", root / "logs", root / "home"
    for folder in (config / "modules", out, logs, home):
        folder.mkdir(parents=True)
    (config / "speechd.conf").write_text(
        'LogLevel 3\nAudioOutputMethod "libao"\nDefaultModule "wavfile"\n'
        'AddModule "wavfile" "sd_generic" "wavfile.conf"\n'
    )
    (config / "modules" / "wavfile.conf").write_text(_module_conf(out))
    (home / ".libao").write_text("default_driver=null\n")
    socket = root / "speechd.sock"
    env = {**os.environ, "HOME": str(home)}
    env.pop("SPEECHD_ADDRESS", None)
    process = subprocess.Popen(
        [
            "speech-dispatcher",
            "--run-single",
            "--communication-method",
            "unix_socket",
            "--socket-path",
            str(socket),
            "--config-dir",
            str(config),
            "--log-dir",
            str(logs),
            "--pid-file",
            str(root / "speechd.pid"),
            "--timeout",
            "60",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield SpeechDispatcher(socket, out, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
