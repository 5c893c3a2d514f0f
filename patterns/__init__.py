"""The rule files (TOML), installed with the package as `extractor.patterns`; no code here."""
