"""Community-resource directories: local groups and services a plan can point to.

A directory is a folder (or a .zip archive of one) kept by a community organisation,
holding ``directory.yaml`` and, once signed, the same ``signature/`` folder a pack has.
It is signed and checked with the packs' own code and the clinic's own publishers.

- ``model``: the format, strict;
- ``load``: reading and validating one directory, its signature checked first;
- ``signing``: signing a directory with a publisher's key;
- ``match``: the entries a plan offers for a pack's topics and a patient's language;
- ``openreferral``: importing an Open Referral UK JSON or CSV export.

Qt-free.
"""
