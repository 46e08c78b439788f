"""`govpages_update_index`: Wagtail's index rebuild, plus the search facet table.

The facet table is rebuilt first (it lives in the database), then every configured search backend.
An unreachable Elasticsearch/OpenSearch ends the command with a one-line error and a non-zero exit;
running it again once the cluster is back catches up with everything published meanwhile.
"""

from django.core.management.base import CommandError
from modelsearch.management.commands.rebuild_modelsearch_index import Command as IndexCommand

from ...page import facets
from ...page.searching import BACKEND_ERRORS


class Command(IndexCommand):
    help = "Rebuild the search facet table and the search index of every configured backend."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--facets-only",
            action="store_true",
            help="Rebuild only the search facet table, not the search backends.",
        )

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        count = facets.rebuild()
        self.write(f"Search facet table: {count} live public pages")
        if options["facets_only"]:
            return
        try:
            super().handle(**options)
        except BACKEND_ERRORS as error:
            raise CommandError(f"Search backend unreachable, index not rebuilt: {error}") from error
