"""What indexing costs on the SQLite backend, asserted as transaction shape, never as timings
(bench/index_cost.py has the figures)."""

import pytest
from django.db import connection
from modelsearch.backends import get_search_backend

from govpages_search.models import Posting

from ..pages import ContentPage
from .conftest import publish

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backend's own index writing"
)


# serialized_rollback: an earlier transactional test may have flushed the site and root page.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postings_of_a_batch_are_written_in_one_transaction(monkeypatch):
    """Outside a transaction SQLite commits every row of an executemany on its own: an import
    of 800 laws wrote 33 GB of journal for a 160 MB file and ran for over ten minutes."""
    from wagtail.models import Site

    # Imported here: on PostgreSQL the module's FTS5 model does not exist (the test is skipped).
    from govpages_search.backends import sqlite as sqlite_backend

    home = Site.objects.get(is_default_site=True).root_page
    pages = [publish(home, f"规定第{i}号", "为了规范政府信息公开工作。" * 20) for i in range(3)]
    seen = []
    write = sqlite_backend.ChineseSQLiteIndex._write_postings

    def recording(self, *args):
        seen.append(connection.in_atomic_block)
        return write(self, *args)

    monkeypatch.setattr(sqlite_backend.ChineseSQLiteIndex, "_write_postings", recording)
    assert not connection.in_atomic_block
    get_search_backend().add_bulk(ContentPage, [ContentPage.objects.get(pk=p.pk) for p in pages])
    assert seen == [True]
    assert Posting.objects.filter(object_id__in=[str(p.pk) for p in pages]).exists()


def test_postings_are_stored_in_key_order(db):
    """Migration 0004: a WITHOUT ROWID table, so a term's postings are one range of its b-tree
    (a rowid table kept them in a separate index, a random table lookup per posting read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
            [Posting._meta.db_table],
        )
        assert cursor.fetchone()[0].rstrip().endswith("WITHOUT ROWID")
        cursor.execute(
            "SELECT name FROM pragma_index_list(%s) WHERE origin != 'pk'", [Posting._meta.db_table]
        )
        assert [name for (name,) in cursor.fetchall()] == ["search_posting_object"]
