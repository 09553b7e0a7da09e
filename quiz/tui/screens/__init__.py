"""The app's screens, one class a file. The study screen is the home screen; drill, stats and mock interview
screens will join it here."""
