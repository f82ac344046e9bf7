"""Knowledge every input kind shares: decoding, script and pinyin normalisation, reflow of
column-broken lines, boilerplate rules, dates, personal names and labelled fields.

Nothing here imports another transform sub-package; text/, epaper/, html/, pdf/ and enrich/
build on it."""
