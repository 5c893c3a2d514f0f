"""The web: a polite fetcher, discovery of article links, and pages read into articles."""
