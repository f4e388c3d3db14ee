"""Signed packs: who vouches for a pack's content, checked before any of it is read.

On the model of The Update Framework's threat model, with the publishers' keys pinned
in the clinic's settings and the signature travelling inside the pack, so that any file
host or share can carry packs: the signatures carry the trust, not the channel.

- ``keys``: Ed25519 key pairs, the private half encrypted under a passphrase (scrypt);
- ``manifest``: what is signed (every file's size and SHA-256, the pack id and version,
  the signing time, the manifest's expiry, the key id) and the detached signatures;
- ``publishers``: the publishers a clinic trusts, and the project's example-content key;
- ``policy``: whom to trust and how strictly (the library, or the kiosk);
- ``history``: the highest version of each pack seen (anti-rollback);
- ``verify``: the check on raw bytes, before the loader parses anything;
- ``sign``: writing a manifest and a signature into a pack folder or archive;
- ``status``: a pack's trust, in data and in words.
"""
