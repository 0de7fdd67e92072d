"""Pages of the quality app: thin views that parse, call a service or selector, and render."""
