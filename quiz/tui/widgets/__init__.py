"""The study screen's widgets, one class a file. They show what they are given and post messages; no domain logic."""
