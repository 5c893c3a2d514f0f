"""Datasets: the store, crawls and ingests into it, batches and workers, exports, stories and
cross-source comparison."""
