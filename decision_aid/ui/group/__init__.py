"""The facilitator's window for a group session: the join code, the projector view and
the show-of-hands entry (the counting and the server are in decision_aid.group)."""
