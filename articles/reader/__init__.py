"""The public reader site: URLs, views, page context, rendering, page cache, view counts, ranking, feeds, sitemaps, structured data."""
