"""The patient's kiosk: one locked, full-screen, touch-first journey that hands over to the clinic.

- :mod:`.config`: what the kiosk needs from the settings and the library, checked at start;
- :mod:`.idle`: the idle time, its warning and countdown, on an injected clock;
- :mod:`.lockdown`: what the app refuses (menus, tooltips, closing keys) and who touched it;
- :mod:`.parts`: large labels and buttons, and the frame every screen shares;
- :mod:`.welcome`, :mod:`.screens`, :mod:`.answers`, :mod:`.handover_screen`: the screens;
- :mod:`.overlays`: the idle warning, "Start again?" and the staff PIN keypad;
- :mod:`.window`: the frameless window; :mod:`.controller`: one journey, its wipe, its exit.
"""
