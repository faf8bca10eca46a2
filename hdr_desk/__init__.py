"""The composition root: the `hdr-desk` command line and the wiring of `serve`."""
