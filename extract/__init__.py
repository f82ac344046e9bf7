"""Getting raw pages: local files now (extract.local); fetching from sites comes later."""
