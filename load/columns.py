"""What every column of the datasets means, in one line each: the one source for the Parquet
field descriptions (load.schema, load.mentions_schema), the generated data/README.md and
data/datapackage.json (load.describe). docs/schema.md and docs/enrichment.md explain them at
length; a test keeps the three schemas and this table in step.
"""

from __future__ import annotations

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "Stable id of the article: a hash of source, input and position on the page.",
    "source": "Where the page comes from (registry name or --source); also the source= partition.",
    "url": "Page URL when fetched from the web; null for local files.",
    "input_path": "Local file as given to the pipeline; null for fetched pages.",
    "input_key": "Identity of the input across runs: the URL, else sha256 of the raw bytes.",
    "title": "Headline; null when the page prints none (flag title_missing).",
    "subtitle": "Sub-headline printed under the title.",
    "kicker": "Line printed above the title (引题/肩题).",
    "section": "Section or page name (版面/栏目) when the page gives one.",
    "published_date": "Publication date in China time as the page or its edition states it; null when nothing gives one.",
    "published_at": "Publication time (Asia/Shanghai) when the page gives a time of day.",
    "date_source": "Where published_date came from: page_meta, text, url, path, option; null when undated.",
    "authors": "Reporters and writers from the byline, dateline or closing attribution.",
    "editors": "Editors named on the page (责任编辑, 编辑 ...).",
    "photographers": "Photo credits (摄影, 摄), or the supplier of a photo credited 供图.",
    "origin": "The outlet the page says the article comes from (来源).",
    "clicks": "View counter shown on the page.",
    "kind": "article, photo (a photo item: the caption is the body) or table (a printed grid: cells tab-separated, rows on lines).",
    "body": "Main text, Simplified script, paragraphs separated by newlines.",
    "body_original": "The body as printed (Traditional script kept) when normalisation changed it.",
    "script": "Script of the page as printed: hans or hant.",
    "captions": "Photo captions printed with the article.",
    "char_count": "Characters of body, whitespace excluded.",
    "flags": "What the transform noticed or removed (boilerplate:<rule>, date_missing, ...).",
    "content_sha256": "Hash of title and body without whitespace: equal text, equal hash.",
    "raw_sha256": "Hash of the input's raw bytes.",
    "read_at": "When the page was read (file time or fetch time), UTC.",
    "pipeline_version": "Version of the transform that produced the row.",
    "dup_group": "Reprint group: the article_id of the canonical copy.",
    "is_canonical": "True for the canonical copy of a reprint group (earliest, then the original outlet).",
    "places": "GB/T 2260 codes of the places the body names (join data/places).",
    "investment_cny": "Sum in yuan of the body's money mentions with role investment; null when none.",
    "filed_date": "Day the row is filed under (its year/month partition): published_date, else edition date, else the first of published_month, else read date.",
    "published_month": "YYYY-MM: the month of published_date, or the month a page gives without a day (1998年3月号) while published_date stays null.",
}
PARTITION_COLUMNS: dict[str, str] = {
    "year": "Partition: year of filed_date.",
    "month": "Partition: month of filed_date.",
}
MENTION_COLUMNS: dict[str, str] = {
    "article_id": "The article the mention is in (join data/articles).",
    "source": "The article's source; also the source= partition.",
    "published_date": "The article's publication date; null when the article is undated.",
    "input_key": "The article's input: reloading it replaces its mentions.",
    "kind": "money, capacity, place, organisation or project.",
    "text": "The mention as written in the body.",
    "value": "Normalised value: yuan (or the currency's unit) for money, the unit column's unit for capacities.",
    "value_max": "Upper bound of a range (10-15亿元), else null.",
    "unit": "CNY, USD, ... for money; 吨, 万千瓦, GWh, 亩, 平方米 for capacities.",
    "role": "For money: investment, signed, funds_in_place, output_value, revenue, profit_tax, loan, credit, other.",
    "code": "For places: GB/T 2260 code.",
    "qualifier": "约, 超过, 多, 余 ... when the amount is approximate or a bound.",
    "start": "Offset of the mention in the body.",
    "end": "End offset of the mention in the body.",
    "sentence": "The sentence the mention stands in.",
}
PLACE_COLUMNS: dict[str, str] = {
    "code": "GB/T 2260 code.",
    "name": "Official name.",
    "level": "province, prefecture or county.",
    "parent": "Code of the division it belongs to; null for a province.",
}
