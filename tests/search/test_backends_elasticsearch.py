"""What the Elasticsearch/OpenSearch path sends: index settings, mappings, documents, queries.

No cluster is needed: the client is created but not contacted. The same mapping code runs
end to end against osmem-server in test_backends_behaviour.py.
"""

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.query import PlainText
from wagtail.models import Page

from govpages_search.backends.elasticsearch import ANALYZER, EDGENGRAM_ANALYZER, WEIGHTED_FIELD
from govpages_search.backends.ranking import BM25_B, BM25_K1, TITLE_WEIGHT

from ..pages import ContentPage, index_field

BACKENDS = [
    "govpages_search.backends.elasticsearch8",
    "govpages_search.backends.elasticsearch9",
    "govpages_search.backends.opensearch3",
]


@pytest.fixture(params=BACKENDS)
def backend(request):
    return get_search_backend(request.param, URLS=["http://127.0.0.1:9"])


def test_index_settings_define_whitespace_analyzers(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"][ANALYZER] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }
    assert analysis["analyzer"][EDGENGRAM_ANALYZER]["tokenizer"] == "whitespace"
    assert "govpages_edgengram" in analysis["analyzer"][EDGENGRAM_ANALYZER]["filter"]
    # Wagtail's own analyzers are still there for anything else that uses them.
    assert "edgengram_analyzer" in analysis["analyzer"]


def test_index_settings_use_the_database_backends_bm25_parameters(backend):
    similarity = backend.settings["settings"]["index"]["similarity"]["default"]
    assert similarity == {"type": "BM25", "k1": BM25_K1, "b": BM25_B}
    assert BM25_B < 0.75  # not Elasticsearch's own default


def test_index_settings_can_still_be_overridden(db):
    backend = get_search_backend(
        "govpages_search.backends.opensearch3",
        URLS=["http://127.0.0.1:9"],
        INDEX_SETTINGS={"settings": {"index": {"number_of_shards": 3}}},
    )
    assert backend.settings["settings"]["index"]["number_of_shards"] == 3
    assert ANALYZER in backend.settings["settings"]["analysis"]["analyzer"]


def test_every_text_field_gets_the_analyzer_per_field(backend):
    properties = backend.mapping_class(ContentPage).get_mapping()["properties"]
    assert properties["title"]["analyzer"] == ANALYZER
    assert properties[index_field("body")]["analyzer"] == ANALYZER
    assert properties["_all_text"]["analyzer"] == ANALYZER
    boost_fields = [name for name in properties if name.startswith("_all_text_boost_")]
    assert boost_fields and all(properties[n]["analyzer"] == ANALYZER for n in boost_fields)
    # Filter fields stay keywords, untouched.
    assert properties["title_filter"] == {"type": "keyword"}


def test_autocomplete_search_analyzer_is_overridden(backend):
    properties = backend.mapping_class(ContentPage).get_mapping()["properties"]
    for name in ("_edgengrams", "title_edgengrams"):
        assert properties[name]["analyzer"] == EDGENGRAM_ANALYZER
        assert properties[name]["search_analyzer"] == ANALYZER != "standard"


def test_documents_carry_analysed_text(backend, db):
    home = Page.objects.get(depth=2)
    page = ContentPage(title="政務公開", body="<p>国办发〔2019〕54号</p>")
    home.add_child(instance=page)
    document = backend.mapping_class(ContentPage).get_document(page)
    assert document["title"] == "政务 务公 公开"
    assert document["_edgengrams"] == ["政务 务公 公开"]
    assert "办发2019n54" in document[index_field("body")][0]
    assert document["title_filter"] == "政務公開"  # filters keep the stored value
    page.refresh_from_db()
    assert page.title == "政務公開"  # the page itself is untouched


def test_queries_are_analysed_with_or_by_default(backend, db):
    results = backend.search("政務公開", Page.objects.all())
    compiler = results.query_compiler
    assert isinstance(compiler.query, PlainText)
    assert compiler.query.query_string == "政务 务公 公开"
    assert compiler.query.operator == "or"
    inner = compiler.get_inner_query()
    assert inner == {"match": {WEIGHTED_FIELD: {"query": "政务 务公 公开"}}}


def test_a_search_over_every_field_ranks_the_text_the_databases_rank(backend, db):
    """The title's tokens TITLE_WEIGHT times and the body's once, in one field: the weighted
    bag of tokens the database backends score with BM25 (search.backends.dbcommon)."""
    home = Page.objects.get(depth=2)
    page = ContentPage(title="政务公开", body="<p>公开目录</p>")
    home.add_child(instance=page)
    document = backend.mapping_class(ContentPage).get_document(page)
    assert TITLE_WEIGHT == int(TITLE_WEIGHT)
    assert document[WEIGHTED_FIELD].split() == ["政务", "务公", "公开"] * int(TITLE_WEIGHT) + [
        "公开",
        "开目",
        "目录",
    ]
    mapping = backend.mapping_class(ContentPage).get_mapping()["properties"][WEIGHTED_FIELD]
    assert mapping == {"type": "text", "analyzer": ANALYZER}


def test_a_title_search_still_searches_the_title(backend, db):
    inner = backend.search("政务", Page.objects.all(), fields=["title"]).query_compiler
    assert "title" in str(inner.get_inner_query()) and WEIGHTED_FIELD not in str(
        inner.get_inner_query()
    )


def test_autocomplete_queries_require_every_token(backend, db):
    results = backend.autocomplete("城市道", Page.objects.all())
    query = results.query_compiler.query
    assert query.query_string == "城市 市道" and query.operator == "and"


def test_question_phrasing_is_left_out_of_the_query_sent(backend, db):
    results = backend.search("个体工商户怎么办理？", Page.objects.all())
    tokens = results.query_compiler.query.query_string.split()
    assert "个体" in tokens and "办理" in tokens
    assert not {"怎么", "么办"} & set(tokens)


def test_a_single_character_is_sent_as_a_prefix_query(backend, db):
    inner = backend.search("税", Page.objects.all()).query_compiler.get_inner_query()
    assert inner == {
        "bool": {"should": [{"prefix": {WEIGHTED_FIELD: {"value": "税", "boost": 1.0}}}]}
    }
