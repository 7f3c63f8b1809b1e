"""The app's screens and dialogs, one per module (styles in a sibling .tcss file)."""
