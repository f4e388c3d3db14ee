"""The patient's kiosk, below the screens: the sealed hand-over, its spool, the clinic's
hand-over keys and the staff PIN. Never imports Qt."""
