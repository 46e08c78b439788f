"""The ranking parameters every backend shares (the database backends compute BM25 from their
postings with them; the Elasticsearch/OpenSearch index is created with the same similarity)."""

#: How much a title occurrence counts against a body occurrence.
TITLE_WEIGHT = 4.0
#: BM25 parameters. b is well below the textbook 0.75: laws and regulations are long because
#: they cover more ground, not because they repeat themselves, and full length normalisation
#: buried the long laws most questions are about (bench/search_quality.py, STARD).
BM25_K1 = 1.2
BM25_B = 0.3
