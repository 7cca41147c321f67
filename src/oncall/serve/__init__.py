"""Several staff, one case: `oncall serve` is the store's only writer, and every `oncall`
started on a store it holds attaches as a seat (`SeatJournal`) that reads the files and
records through it, over HTTP on a Unix socket in the store folder."""
