"""Getting raw pages: local files (extract.local), the source registry (extract.sources), the
polite crawler (extract.crawl, extract.fetch, extract.robots, extract.ratelimit, extract.safety,
extract.state) and the WARC archive every fetched response goes to (extract.archive)."""
