"""The disclosure catalog services: listing filters, feeds, 索引号 allocation, import, export."""
