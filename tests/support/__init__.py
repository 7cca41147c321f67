"""What several test packages share: a fake clock and a fixed time zone, and `Scene`, a
whole case written event by event into a real encrypted journal. Importable from any
test package as `support` (pytest puts tests/ on the path for the packages in it)."""
