"""Dialogs: creating the signed record of a consultation, and verifying a record.

``record_dialog.RecordDialog(loaded, session)`` and ``verify_dialog.VerifyDialog(path)``.
Each runs its long work off the GUI thread through :func:`decision_aid.ui.tasks.run_task`.
"""
