"""The spaCy pipeline: tokenizer rules, figures, their meaning and relations, regions, officials,
and the extraction record built from a processed doc."""
