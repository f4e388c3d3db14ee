"""Everything Qt: windows, dialogs and widgets."""
