"""Text files as spreadsheets save them: UTF-8 with or without a byte order mark, or GB18030.

Excel saves "CSV UTF-8" with a BOM and plain "CSV" in the Windows code page, which on Chinese
Windows is GBK (GB18030 reads all of it); WPS and LibreOffice write one or the other. Both the
staff import and the disclosure import read their files through ``decode``, so they accept the
same files and refuse the others with the same message.
"""

from django.utils.translation import gettext

BOM = "\ufeff"
# (Python codec, name shown to people), tried in this order; utf-8-sig also reads UTF-8 without a
# BOM. UTF-8 goes first: GB18030 text is seldom valid UTF-8, whereas UTF-8 Chinese is often valid
# GB18030 bytes (that read as mojibake).
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"))


class UndecodableText(ValueError):
    """The bytes are text in none of ``ENCODINGS``.

    ``line`` is the line where the encoding that read furthest stopped: in a UTF-8 file with one
    stray Latin-1 byte it is that byte's line. ``problem`` is a sentence without the place.
    """

    def __init__(self, line, encodings):
        self.line = line
        self.encodings = encodings
        self.problem = gettext(
            "the text is not %(encodings)s (tried in this order); save the file as “CSV UTF-8”"
        ) % {"encodings": gettext(" or ").join(encodings)}
        super().__init__(self.problem)


def line_of(data, position):
    """The 1-based line of the byte at ``position`` (0x0A is never part of a multibyte
    character in UTF-8 or GB18030)."""
    return data.count(b"\n", 0, position) + 1


def decode(data):
    """The text of ``data``, without a leading byte order mark; UndecodableText otherwise."""
    furthest = 0
    for codec, _name in ENCODINGS:
        try:
            return data.decode(codec).removeprefix(BOM)
        except UnicodeDecodeError as error:
            furthest = max(furthest, error.start)
    raise UndecodableText(line_of(data, furthest), [name for _codec, name in ENCODINGS])
