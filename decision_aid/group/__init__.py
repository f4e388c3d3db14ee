"""Group sessions: a facilitator runs an option grid with a group whose members answer,
anonymously, on their own phones.

``counts`` holds what the group has said (aggregates only), ``server`` serves the
participants' page on one chosen address while the session is open, ``page`` builds that
page, and ``record`` prints the group's record. Nothing here imports Qt.
"""
