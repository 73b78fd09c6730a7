"""The message catalogs (Flask-Babel): where they live, how the code's texts are found in it
(babel.cfg with the keywords below), and the compiled .mo made from the .po when it is missing
or older, so that a fresh checkout runs without a build step."""

from __future__ import annotations

import csv
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
ROOT = TRANSLATIONS.parent.parent  # the checkout: babel.cfg and the packages
DOMAIN = "messages"
# The functions whose first argument is a text of the catalog (pybabel extract -k ...).
KEYWORDS = ("_", "translate", "term", "Phrase", "N_")


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(locale: str, fallback: Path) -> Path:
    """The folder holding an up-to-date .mo of the locale's .po: the catalog's own folder when
    it can be written there (a checkout), else `fallback` (an installed, read-only package)."""
    po = po_path(locale)
    for folder in (TRANSLATIONS, fallback):
        mo = folder / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            return folder
        try:
            write_mo(po, mo)
        except OSError:
            continue
        return folder
    raise OSError(f"cannot write the compiled catalog of {locale} under {fallback}")


def write_mo(po: Path, mo: Path) -> None:
    """Compile a .po into a .mo (written whole, then moved into place)."""
    from babel.messages.mofile import write_mo as babel_write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    mo.parent.mkdir(parents=True, exist_ok=True)
    tmp = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")  # processes starting together
    with tmp.open("wb") as fh:
        babel_write_mo(fh, catalog, use_fuzzy=False)
    tmp.replace(mo)


def extract_column(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method (babel.cfg): the names of a vocabulary kept as a CSV file,
    in its column `column` (industry names, tag names)."""
    del keywords, comment_tags
    reader = csv.DictReader(fileobj.read().decode("utf-8").splitlines())
    for lineno, row in enumerate(reader, start=2):
        if row.get(options["column"]):
            yield lineno, "", row[options["column"]], []


def extract(root: Path = ROOT) -> Catalog:
    """The texts the code and the templates ask for, as `pybabel extract` finds them."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalog = Catalog()
    keywords = {k: None for k in KEYWORDS}
    for filename, lineno, message, comments, context in extract_from_dir(
        root, method_map, options_map, keywords=keywords
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog
