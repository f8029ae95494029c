"""JSON Schemas of the JSON output, shipped with the package."""
