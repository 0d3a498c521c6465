"""
Read articles in the exchange format (docs/article-import.md) and save them through the workflow.

``parse_articles`` validates everything first and reports every problem of a file at once, each
naming the file, the article's slug and the JSON path. ``save_articles`` saves a parsed file in
one transaction: every article of it or none; the work owed after its moves (indexes, links,
snapshots) runs once for the file after the commit (``articles.workflow.after_commit.coalesced``). Saving the same data twice changes nothing the
second time: an article whose current version already holds the file's content gets no new
version and no audit event.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import plaintext, provenance, workflow
from articles.exchange.exporting import SCORES, is_blank, language_is_blank, version_payload
from articles.languages import LANGUAGE_CODES, column
from articles.models import (
    Article,
    ArticleVersion,
    Entity,
    EntityAlias,
    FaqItem,
    Insight,
    KeyDataRow,
    Section,
    Tag,
    TldrItem,
)
from articles.parts import LIST_PARTS, PART_NAMES, TEXT_PARTS
from articles.workflow import after_commit

State = ArticleVersion.State

ARTICLE_KEYS = (
    "slug",
    "section",
    "published_at",
    "updated_at",
    "scores",
    "views",
    "ai_generated",
    "provenance",
    "tags",
    "entities",
    "content",
)
REQUIRED_ARTICLE_KEYS = ("slug", "section", "content")
# Text of a version: exchange key → model field whose max_length limits it.
TEXTS = {part.name: (ArticleVersion, part.name) for part in TEXT_PARTS}
# Lists of strings: exchange key → (row model, its text field).
TEXT_LISTS = {part.name: (part.model, part.text_field) for part in LIST_PARTS if part.text_field}
# Lists of objects: exchange key → (row model, {exchange key → model field}).
ROW_LISTS = {part.name: (part.model, dict(part.exchange_keys)) for part in LIST_PARTS if part.exchange_keys}
CONTENT_KEYS = PART_NAMES


class ImportFailed(Exception):
    """Nothing was saved; ``errors`` lists every problem found, one line each (printable whatever the file held)."""

    def __init__(self, errors):
        self.errors = [plaintext.printable(error) for error in errors]
        super().__init__("\n".join(self.errors))


@dataclass
class ParsedArticle:
    slug: str
    section: dict
    tags: list
    entities: list
    payload: dict  # the shape of ``exporting.version_payload``, for comparing with a version
    content: dict  # per language, lists as given (row i of every language shares position i)
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    views: int | None = None
    declaration: dict | None = None  # the pipeline's provenance declaration, as given


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    published: list = field(default_factory=list)
    scheduled: list = field(default_factory=list)
    submitted: list = field(default_factory=list)
    versions: dict = field(default_factory=dict)  # slug → the version the data now lives in


# Validation -----------------------------------------------------------------------------------


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _integer_range(model, name):
    """The values the database column of an integer field can hold."""
    return connection.ops.integer_field_range(model._meta.get_field(name).get_internal_type())


def _score_range():
    """0..100, as the model's validators say."""
    model_field = ArticleVersion._meta.get_field(SCORES[0][1])
    low = max([v.limit_value for v in model_field.validators if isinstance(v, MinValueValidator)] or [0])
    high = min(v.limit_value for v in model_field.validators if isinstance(v, MaxValueValidator))
    return low, high


def _type_name(value):
    if value is None:
        return "null"
    for kind, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _key(path, key):
    return f"{path}.{key}" if path else key


def _shown(value):
    """A value quoted in a message: a short JSON string for a string, else its type."""
    if isinstance(value, str):
        return json.dumps(value[:80], ensure_ascii=False)
    return _type_name(value)


class Checker:
    """Collects (path, message) problems while walking one JSON document."""

    def __init__(self):
        self.problems = []

    def add(self, path, message):
        self.problems.append((path, message))

    def wrong_type(self, path, expected, value):
        self.add(path, _("expected %(expected)s, got %(got)s") % {"expected": expected, "got": _type_name(value)})

    def object(self, value, path, keys, required=()):
        """``value`` if it is an object with only ``keys`` and all of ``required``, else None."""
        if not isinstance(value, dict):
            self.wrong_type(path, _("an object"), value)
            return None
        for key in value:
            if key not in keys:
                self.add(_key(path, key), _("unknown key"))
        for key in required:
            if key not in value:
                self.add(_key(path, key), _("required"))
        return value

    def array(self, value, path):
        if not isinstance(value, list):
            self.wrong_type(path, _("an array"), value)
            return []
        return value

    def string(self, value, path, model=None, name=None):
        """``value`` if it is a string within the model field's max_length, else None."""
        if not isinstance(value, str):
            self.wrong_type(path, _("a string"), value)
            return None
        problem = plaintext.problem(value)
        if problem:
            self.add(path, problem)
            return None
        limit = _max_length(model, name) if model else None
        if limit and len(value) > limit:
            self.add(path, _("longer than %(limit)d characters (%(length)d)") % {"limit": limit, "length": len(value)})
            return None
        return value

    def slug(self, value, path, model):
        """A slug valid for ``model.slug`` (pattern and length from the model field)."""
        value = self.string(value, path, model, "slug")
        if value is None:
            return None
        if not value:
            self.add(path, _("must not be empty"))
            return None
        try:
            model._meta.get_field("slug").run_validators(value)
        except ValidationError as error:
            self.add(path, " ".join(str(message) for message in error.messages))
            return None
        return value

    def integer(self, value, path, low=None, high=None, *, storable=None):
        """``value`` if it is an integer within ``low``..``high`` and the column range ``storable``, else None."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(path, _("an integer"), value)
            return None
        shown = value if abs(value) < 10**30 else _("a %(digits)d-digit number") % {"digits": len(str(abs(value)))}
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                self.add(path, _("must be %(low)d or more, got %(value)s") % {"low": low, "value": shown})
            else:
                self.add(
                    path,
                    _("must be between %(low)d and %(high)d, got %(value)s")
                    % {"low": low, "high": high, "value": shown},
                )
            return None
        if storable is not None and not storable[0] <= value <= storable[1]:
            self.add(
                path, _("too large to store (at most %(high)d), got %(value)s") % {"high": storable[1], "value": shown}
            )
            return None
        return value

    def boolean(self, value, path):
        if not isinstance(value, bool):
            self.wrong_type(path, _("true or false"), value)
            return None
        return value

    def time(self, value, path):
        if not isinstance(value, str):
            self.wrong_type(path, _("a string"), value)
            return None
        try:
            parsed = datetime.datetime.fromisoformat(value)
            # A time near year 1 or 9999 may not exist in UTC.
            parsed = parsed.astimezone(datetime.UTC) if parsed.tzinfo is not None else None
        except (ValueError, OverflowError):
            parsed = None
        if parsed is None:
            self.add(path, _("expected an ISO 8601 time with a UTC offset, like 2026-11-28T05:00:00Z"))
            return None
        return parsed

    def languages(self, value, path):
        """An object keyed by language code; returns its (language, value) pairs."""
        if not isinstance(value, dict):
            self.wrong_type(path, _("an object"), value)
            return []
        pairs = []
        for language, item in value.items():
            if language not in LANGUAGE_CODES:
                self.add(
                    _key(path, language), _("unknown language (use %(codes)s)") % {"codes": ", ".join(LANGUAGE_CODES)}
                )
            else:
                pairs.append((language, item))
        return pairs

    def names(self, value, path, model):
        """``{"en": "…", "zh-hans": "…"}`` → the non-blank names by language."""
        result = {}
        for language, name in self.languages(value, path):
            name = self.string(name, _key(path, language), model, "name")
            if name is not None and not is_blank(name):
                result[language] = name
        return result


SOURCE_URL_LIMIT = 500
SOURCES_LIMIT = 50
GENERATOR_TEXT_LIMIT = 100


def _declaration(checker, raw, path):
    """The ``provenance`` declaration, kept exactly as given (so an export writes it back byte for byte)."""
    raw = checker.object(raw, path, provenance.DECLARATION_KEYS, required=("generator",))
    if raw is None:
        return None
    generator = checker.object(raw.get("generator"), _key(path, "generator"), provenance.GENERATOR_KEYS, ("name",))
    if generator is not None:
        for key in provenance.GENERATOR_KEYS:
            gpath = _key(_key(path, "generator"), key)
            if key in generator and checker.string(generator[key], gpath) is not None:
                if is_blank(generator[key]) and key == "name":
                    checker.add(gpath, _("must not be empty"))
                elif len(generator[key]) > GENERATOR_TEXT_LIMIT:
                    checker.add(
                        gpath,
                        _("longer than %(limit)d characters (%(length)d)")
                        % {"limit": GENERATOR_TEXT_LIMIT, "length": len(generator[key])},
                    )
    if "sources" in raw:
        spath = _key(path, "sources")
        sources = checker.array(raw["sources"], spath)
        if len(sources) > SOURCES_LIMIT:
            checker.add(spath, _("more than %(limit)d sources") % {"limit": SOURCES_LIMIT})
        for i, url in enumerate(sources):
            url = checker.string(url, f"{spath}[{i}]")
            if url is None:
                continue
            if len(url) > SOURCE_URL_LIMIT:
                checker.add(
                    f"{spath}[{i}]",
                    _("longer than %(limit)d characters (%(length)d)")
                    % {"limit": SOURCE_URL_LIMIT, "length": len(url)},
                )
            elif not url.startswith(("https://", "http://")) or len(url.split("://", 1)[1]) == 0:
                checker.add(f"{spath}[{i}]", _("expected an http or https URL"))
    if "generated_at" in raw:
        checker.time(raw["generated_at"], _key(path, "generated_at"))
    return raw


def _taxonomy_item(checker, raw, path, model):
    keys = ("slug", "name", "kind", "aliases") if model is Entity else ("slug", "name")
    raw = checker.object(raw, path, keys, required=("slug",))
    if raw is None:
        return None
    item = {"slug": checker.slug(raw.get("slug"), _key(path, "slug"), model), "name": {}}
    if "name" in raw:
        item["name"] = checker.names(raw["name"], _key(path, "name"), model)
    if model is Entity:
        item["kind"] = None
        if "kind" in raw:
            if raw["kind"] in Entity.Kind.values:
                item["kind"] = raw["kind"]
            else:
                checker.add(
                    _key(path, "kind"),
                    _("unknown kind %(kind)s (use %(kinds)s)")
                    % {"kind": _shown(raw["kind"]), "kinds": ", ".join(Entity.Kind.values)},
                )
        item["aliases"] = {}
        if "aliases" in raw:
            for language, aliases in checker.languages(raw["aliases"], _key(path, "aliases")):
                language_path = _key(_key(path, "aliases"), language)
                found = []
                for i, alias in enumerate(checker.array(aliases, language_path)):
                    alias = checker.string(alias, f"{language_path}[{i}]", EntityAlias, "alias")
                    if alias is not None and is_blank(alias):
                        checker.add(f"{language_path}[{i}]", _("must not be empty"))
                    elif alias is not None:
                        found.append(alias)
                item["aliases"][language] = found
    return item if item["slug"] else None


def _taxonomy_list(checker, raw, path, model):
    items, seen = [], {}
    for i, entry in enumerate(checker.array(raw, path)):
        item = _taxonomy_item(checker, entry, f"{path}[{i}]", model)
        if item is None:
            continue
        if item["slug"] in seen:
            checker.add(
                f"{path}[{i}].slug",
                _("duplicate slug %(slug)s (also at %(path)s)") % {"slug": item["slug"], "path": seen[item["slug"]]},
            )
            continue
        seen[item["slug"]] = f"{path}[{i}]"
        items.append(item)
    return items


def _content(checker, raw, path, entity_slugs):
    """Validate ``content``; return it per language with every key present (lists as given)."""
    content = {}
    pairs = checker.languages(raw, path)
    if isinstance(raw, dict) and not raw:
        checker.add(path, _("needs at least one language"))
    for language, body in pairs:
        lpath = _key(path, language)
        body = checker.object(body, lpath, CONTENT_KEYS)
        if body is None:
            continue
        result = {}
        for key, (model, name) in TEXTS.items():
            value = checker.string(body.get(key, ""), _key(lpath, key), model, name)
            result[key] = value or ""
        for key, (model, name) in TEXT_LISTS.items():
            kpath = _key(lpath, key)
            result[key] = [
                checker.string(item, f"{kpath}[{i}]", model, name) or ""
                for i, item in enumerate(checker.array(body.get(key, []), kpath))
            ]
        for key, (model, names) in ROW_LISTS.items():
            kpath = _key(lpath, key)
            rows = []
            for i, item in enumerate(checker.array(body.get(key, []), kpath)):
                ipath = f"{kpath}[{i}]"
                keys = ("entity", *names) if model is KeyDataRow else tuple(names)
                item = checker.object(item, ipath, keys)
                row = {exchange: "" for exchange in names}
                if item is None:
                    rows.append(row)
                    continue
                for exchange, name in names.items():
                    row[exchange] = checker.string(item.get(exchange, ""), _key(ipath, exchange), model, name) or ""
                if model is KeyDataRow:
                    entity = item.get("entity")
                    if entity is not None and not isinstance(entity, str):
                        checker.wrong_type(_key(ipath, "entity"), _("a slug or null"), entity)
                        entity = None
                    elif entity is not None and entity not in entity_slugs:
                        checker.add(
                            _key(ipath, "entity"),
                            _('entity %(slug)s is not listed in "entities"')
                            % {"slug": json.dumps(entity, ensure_ascii=False)},
                        )
                        entity = None
                    row["entity"] = entity
                rows.append(row)
            result[key] = rows
        content[language] = result
    if content and not any(not is_blank(body["title"]) for body in content.values()) and not checker.problems:
        checker.add(path, _("give the article a title in at least one language"))
    return content


def comparable_content(content):
    """``content`` as ``exporting.version_content`` would read it back: blank rows and languages dropped."""
    result = {}
    key_data = _stored_key_data(content)
    for language in LANGUAGE_CODES:
        body = content.get(language)
        if body is None:
            continue
        normal = {
            "title": body["title"],
            "summary": body["summary"],
            "tldr": [text for text in body["tldr"] if not is_blank(text)],
            "key_data": key_data[language],
            "analysis": body["analysis"],
            "insights": [text for text in body["insights"] if not is_blank(text)],
            "faq": [
                {"q": row["q"], "a": row["a"]} for row in body["faq"] if not (is_blank(row["q"]) and is_blank(row["a"]))
            ],
        }
        if language_is_blank(normal):
            continue
        result[language] = normal
    return result


def _stored_key_data(content):
    """
    Each language's key-data items as the rows an import stores give them back: rows are matched
    by position, keep one entity (``KeyDataRow.entity_values``, slugs standing in for entities) and
    are shown where they have text, or everywhere when they name only an entity.
    """
    languages = [language for language in LANGUAGE_CODES if language in content]
    result = {language: [] for language in languages}
    count = max([len(content[language]["key_data"]) for language in languages] or [0])
    for i in range(count):
        items = {language: rows[i] for language in languages if i < len(rows := content[language]["key_data"])}
        values = KeyDataRow.entity_values({language: item["entity"] for language, item in items.items()})
        texts = {
            language: not (is_blank(item["info"]) and is_blank(item["metric"])) for language, item in items.items()
        }
        if values["entity"] is None and not any(texts.values()):
            continue  # not stored
        for language in languages:
            if texts.get(language) or not any(texts.values()):
                override = KeyDataRow.ENTITY_OVERRIDES.get(language)
                entity = (override and values[override]) or values["entity"]
                item = items.get(language, {"info": "", "metric": ""})
                result[language].append({"entity": entity, "info": item["info"], "metric": item["metric"]})
    return result


def _article(checker, raw):
    """Validate one article; return a ``ParsedArticle`` (meaningful only when no problem was added)."""
    if checker.object(raw, "", ARTICLE_KEYS, required=REQUIRED_ARTICLE_KEYS) is None:
        return None
    slug = checker.slug(raw.get("slug"), "slug", Article) if "slug" in raw else None
    section = _taxonomy_item(checker, raw["section"], "section", Section) if "section" in raw else None
    published_at = checker.time(raw["published_at"], "published_at") if "published_at" in raw else None
    updated_at = checker.time(raw["updated_at"], "updated_at") if "updated_at" in raw else None
    if "updated_at" in raw and "published_at" not in raw:
        checker.add("updated_at", _("needs published_at"))
    if published_at and updated_at and updated_at < published_at:
        checker.add("updated_at", _("is earlier than published_at"))
    low, high = _score_range()
    scores = {key: ArticleVersion._meta.get_field(name).default for key, name in SCORES}
    if "scores" in raw:
        given = checker.object(raw["scores"], "scores", [key for key, _name in SCORES]) or {}
        for key, _name in SCORES:
            if key in given:
                scores[key] = checker.integer(given[key], f"scores.{key}", low, high)
    views = (
        checker.integer(raw["views"], "views", 0, storable=_integer_range(Article, "views")) if "views" in raw else None
    )
    ai_generated = checker.boolean(raw["ai_generated"], "ai_generated") if "ai_generated" in raw else False
    declared = _declaration(checker, raw["provenance"], "provenance") if "provenance" in raw else None
    tags = _taxonomy_list(checker, raw.get("tags", []), "tags", Tag)
    entities = _taxonomy_list(checker, raw.get("entities", []), "entities", Entity)
    content = _content(checker, raw["content"], "content", {e["slug"] for e in entities}) if "content" in raw else {}
    if checker.problems:
        return None
    payload = {
        "section": section["slug"],
        "scores": scores,
        "ai_generated": ai_generated,
        "provenance": provenance.canonical(declared),
        "tags": sorted(tag["slug"] for tag in tags),
        "entities": sorted(entity["slug"] for entity in entities),
        "content": comparable_content(content),
    }
    return ParsedArticle(
        slug=slug,
        section=section,
        tags=tags,
        entities=entities,
        payload=payload,
        content=content,
        published_at=published_at,
        updated_at=updated_at,
        views=views,
        declaration=declared,
    )


def check_article(raw):
    """
    Validate one decoded article object: ``(ParsedArticle, [])`` or ``(None, [(path, message), …])``
    with every problem found, the same messages ``parse_articles`` reports.
    """
    checker = Checker()
    article = _article(checker, raw)
    return (None, checker.problems) if checker.problems else (article, [])


def parse_articles(data, *, source):
    """
    Validate decoded JSON (one article object or a list of them) and return ``ParsedArticle``s.
    Raise ``ImportFailed`` with every problem, each line ``source: slug: path: message``.
    """
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportFailed(
            [f"{source}: " + _("expected an article object or a list of them, got %(got)s") % {"got": _type_name(data)}]
        )
    errors, parsed, seen = [], [], {}
    for index, raw in enumerate(data):
        checker = Checker()
        slug = raw.get("slug") if isinstance(raw, dict) else None
        label = slug if isinstance(slug, str) and slug else _("article #%(number)d") % {"number": index + 1}
        article = _article(checker, raw)
        if article is not None and article.slug in seen:
            checker.add(
                "slug",
                _("the file already holds an article with this slug (article #%(number)d)")
                % {"number": seen[article.slug]},
            )
        elif article is not None:
            seen[article.slug] = index + 1
        for path, message in checker.problems:
            errors.append(f"{source}: {label}: {path}: {message}" if path else f"{source}: {label}: {message}")
        if not checker.problems:
            parsed.append(article)
    if errors:
        raise ImportFailed(errors)
    return parsed


def read_json(path):
    """Decode a JSON file, or raise ``ImportFailed`` naming the file and what is wrong with it."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportFailed(
            [f"{path}: " + _("cannot read the file (%(error)s)") % {"error": error.strerror or error}]
        ) from error
    except UnicodeDecodeError as error:
        raise ImportFailed([f"{path}: " + _("not UTF-8 text")]) from error
    except ValueError as error:
        raise ImportFailed([f"{path}: " + json_problem(error)]) from error
    except RecursionError as error:
        raise ImportFailed([f"{path}: " + _("not valid JSON: nested too deeply")]) from error


def json_problem(error):
    """What is wrong with a JSON text ``json.loads`` refused with ``error`` (a ValueError)."""
    if isinstance(error, json.JSONDecodeError):
        return _("not valid JSON: %(message)s (line %(line)d, column %(column)d)") % {
            "message": error.msg,
            "line": error.lineno,
            "column": error.colno,
        }
    # Python refuses to read an integer of more than 4,300 digits.
    return _("not valid JSON: a number is too long")


def parse_file(path):
    return parse_articles(read_json(path), source=str(path))


def parse_taxonomy(data, *, source):
    """Validate ``{"sections": […], "tags": […], "entities": […]}`` (each item as in an article)."""
    checker = Checker()
    taxonomy = {"sections": [], "tags": [], "entities": []}
    if checker.object(data, "", tuple(taxonomy)) is not None:
        for key, model in (("sections", Section), ("tags", Tag), ("entities", Entity)):
            taxonomy[key] = _taxonomy_list(checker, data.get(key, []), key, model)
    if checker.problems:
        raise ImportFailed(
            [f"{source}: {path}: {message}" if path else f"{source}: {message}" for path, message in checker.problems]
        )
    return taxonomy


# Saving ---------------------------------------------------------------------------------------


def _fill_names(obj, names):
    """Fill in names that are blank; never overwrite a name an editor set. Return the columns changed."""
    changed = []
    for language, name in names.items():
        name_column = column("name", language)
        if is_blank(getattr(obj, name_column)):
            setattr(obj, name_column, name)
            changed.append(name_column)
    return changed


def _upsert(model, item, *, known=None, **defaults):
    """``known``: the rows of ``model`` by slug as a run read them in bulk (updated here), else ask."""
    obj = model.objects.filter(slug=item["slug"]).first() if known is None else known.get(item["slug"])
    if obj is None:
        obj = model(slug=item["slug"], **defaults)
        _fill_names(obj, item["name"])
        obj.save()
        if known is not None:
            known[obj.slug] = obj
    else:
        changed = _fill_names(obj, item["name"])
        if changed:
            obj.save(update_fields=changed)
    return obj


def section_upsert(item, *, position=0, known=None):
    """The section with ``item``'s slug, created if missing (at ``position``), its blank names filled in."""
    return _upsert(Section, item, known=known, position=position)


def tag_upsert(item, *, known=None):
    return _upsert(Tag, item, known=known)


def entity_upsert(item, *, known=None, aliases=None):
    """
    The entity, created if missing (with the file's kind), blank names filled in, missing aliases
    added. ``aliases``: the (entity id, language, alias) a run read in bulk (updated here).
    """
    entity = _upsert(Entity, item, known=known, kind=item.get("kind") or Entity.Kind.OTHER)
    for language, names in item.get("aliases", {}).items():
        for alias in names:
            if aliases is None or (entity.pk, language, alias) not in aliases:
                EntityAlias.objects.get_or_create(entity=entity, language=language, alias=alias)
                if aliases is not None:
                    aliases.add((entity.pk, language, alias))
    return entity


@transaction.atomic
def save_taxonomy(taxonomy):
    for position, item in enumerate(taxonomy["sections"]):
        section_upsert(item, position=position)
    for item in taxonomy["tags"]:
        tag_upsert(item)
    for item in taxonomy["entities"]:
        entity_upsert(item)


def _write_version(version, article, sections, tags, entities, origin):
    """Replace ``version``'s content with the file's; row i of every language shares position i."""
    payload = article.payload
    version.provenance = provenance.ingestion_record(declaration=article.declaration, **origin)
    version.field_edits = {}
    version.section = sections[payload["section"]]
    for key, name in SCORES:
        setattr(version, name, payload["scores"][key])
    version.ai_generated = payload["ai_generated"]
    for language in LANGUAGE_CODES:
        body = article.content.get(language, {})
        for key in TEXTS:
            setattr(version, column(key, language), body.get(key, ""))
    version.save()
    version.tags.set([tags[slug] for slug in payload["tags"]])
    version.entities.set([entities[slug] for slug in payload["entities"]])

    def rows(key):
        count = max([len(article.content[language][key]) for language in article.content] or [0])
        return [
            (i, {language: body[key][i] for language, body in article.content.items() if i < len(body[key])})
            for i in range(count)
        ]

    for model in (TldrItem, KeyDataRow, Insight, FaqItem):
        model.objects.filter(version=version).delete()
    new_rows = []
    for key, (model, name) in TEXT_LISTS.items():
        for position, items in rows(key):
            values = {column(name, language): text for language, text in items.items()}
            if not all(is_blank(text) for text in values.values()):
                new_rows.append(model(version=version, position=position, **values))
    for key, (model, names) in ROW_LISTS.items():
        for position, items in rows(key):
            values = {}
            for language, row in items.items():
                for exchange, name in names.items():
                    values[column(name, language)] = row[exchange]
            if model is KeyDataRow:
                # Each language names its entity; the row keeps one, and an override where they differ.
                named = {language: entities[row["entity"]] for language, row in items.items() if row["entity"]}
                values.update(KeyDataRow.entity_values(named))
            if any(value is not None and not is_blank(value) for value in values.values()):
                new_rows.append(model(version=version, position=position, **values))
    for model in (TldrItem, KeyDataRow, Insight, FaqItem):
        model.objects.bulk_create([row for row in new_rows if type(row) is model])


class _Run:
    """
    What one run of ``save_articles`` reads once instead of per article: which of its slugs
    exist already, and its sections, tags and entities (with their aliases), each in a few
    queries for the whole file. A file's slugs are distinct, so an article it creates is never
    met again; the taxonomy rows are kept up to date by the upserts themselves, and an item met
    again (the same tag on many articles) gives the row of its first upsert (upserting is
    idempotent: within the run's transaction the answer is the same).
    """

    def __init__(self, articles=None):
        self.articles = self.known = self.aliases = None
        self.upserted = {}
        if articles is None:
            return
        self.articles = set(_by_slug(Article, [parsed.slug for parsed in articles]))
        self.known = {
            Section: _by_slug(Section, [parsed.section["slug"] for parsed in articles]),
            Tag: _by_slug(Tag, [item["slug"] for parsed in articles for item in parsed.tags]),
            Entity: _by_slug(Entity, [item["slug"] for parsed in articles for item in parsed.entities]),
        }
        ids = [entity.pk for entity in self.known[Entity].values()]
        self.aliases = set()
        for start in range(0, len(ids), CHUNK):
            self.aliases.update(
                EntityAlias.objects.filter(entity_id__in=ids[start : start + CHUNK]).values_list(
                    "entity_id", "language", "alias"
                )
            )

    def _once(self, kind, item, upsert):
        key = (kind, json.dumps(item, sort_keys=True, ensure_ascii=False))
        if key not in self.upserted:
            self.upserted[key] = upsert()
        return self.upserted[key]

    def section(self, item):
        known = self.known and self.known[Section]
        return self._once("section", item, lambda: section_upsert(item, known=known))

    def tag(self, item):
        known = self.known and self.known[Tag]
        return self._once("tag", item, lambda: tag_upsert(item, known=known))

    def entity(self, item):
        known = self.known and self.known[Entity]
        return self._once("entity", item, lambda: entity_upsert(item, known=known, aliases=self.aliases))

    def article(self, slug):
        if self.articles is not None and slug not in self.articles:
            return None
        return Article.objects.filter(slug=slug).select_related("live_version", "draft").first()


CHUNK = 500  # values per IN (…): within every database's limit on parameters


def _by_slug(model, slugs):
    """The rows of ``model`` with these slugs, by slug, read ``CHUNK`` slugs at a time."""
    slugs, found = sorted(set(slugs)), {}
    for start in range(0, len(slugs), CHUNK):
        found.update((obj.slug, obj) for obj in model.objects.filter(slug__in=slugs[start : start + CHUNK]))
    return found


def _save_article(parsed, *, publish, submit, now, result, origin, note, run=None):
    run = run or _Run()
    sections = {parsed.section["slug"]: run.section(parsed.section)}
    tags = {item["slug"]: run.tag(item) for item in parsed.tags}
    entities = {item["slug"]: run.entity(item) for item in parsed.entities}

    article = run.article(parsed.slug)
    outcome = None
    if article is None:
        version = workflow.article_create(slug=parsed.slug, section=sections[parsed.payload["section"]])
        _write_version(version, parsed, sections, tags, entities, origin)
        workflow.version_saved(version=version)
        article = version.article
        outcome = "created"
    else:
        # Compare with what the import would change: the live version when publishing, else the
        # working draft (or, without one, the live version).
        current = (article.live_version or article.draft) if publish else (article.draft or article.live_version)
        if current is not None and version_payload(current) == parsed.payload:
            version = current
        else:
            version = workflow.article_start_draft(article=article)
            if version_payload(version) != parsed.payload:
                if not version.is_editable:
                    raise workflow.WorkflowError(
                        _("its working draft is %(state)s and cannot be changed; unschedule it first.")
                        % {"state": version.get_state_display()}
                    )
                _write_version(version, parsed, sections, tags, entities, origin)
                workflow.version_saved(version=version)
                outcome = "updated"
            article.refresh_from_db()

    if parsed.views is not None and article.views != parsed.views:
        Article.objects.filter(pk=article.pk).update(views=parsed.views)
        outcome = outcome or "updated"

    version.refresh_from_db()
    if publish and article.live_version_id != version.pk and version.state != State.APPROVED:
        if version.state in (State.DRAFT, State.CHANGES_REQUESTED):
            workflow.version_submit(version=version, note=note)
        article.refresh_from_db()
        if article.published_at is None and parsed.published_at and parsed.published_at > now:
            workflow.version_schedule(version=version, at=parsed.published_at)
            result.scheduled.append(parsed.slug)
        else:
            workflow.version_publish(version=version, published_at=parsed.published_at, updated_at=parsed.updated_at)
            result.published.append(parsed.slug)
        outcome = outcome or "updated"
    elif (
        submit
        and not publish
        and version.state in (State.DRAFT, State.CHANGES_REQUESTED)
        and article.draft_id == version.pk
    ):
        workflow.version_submit(version=version, note=note)
        result.submitted.append(parsed.slug)
        outcome = outcome or "updated"

    getattr(result, outcome or "unchanged").append(parsed.slug)
    result.versions[parsed.slug] = version


def save_articles(articles, *, source, publish=False, submit=False, now=None, client="", note="", progress=None):
    """
    Save parsed articles in one transaction, through ``articles.workflow`` as the system.

    New articles are created as drafts; existing ones get their working draft updated (started
    from the live version when there is none) when the content differs. ``submit`` sends drafts
    to review; ``publish`` submits and publishes them, with the file's ``published_at`` /
    ``updated_at`` (a future ``published_at`` of a first publication schedules it). A workflow
    refusal raises ``ImportFailed`` naming the article, and nothing is saved.

    Content written records its provenance (``articles.provenance``): an API ``client`` when
    given, else a file import; ``note`` goes into the audit trail of the submission. ``progress``
    is called with ``(done, total)`` after each article.
    """
    now = now or timezone.now()
    origin = {"origin": provenance.ORIGIN_API, "client": client} if client else {"origin": provenance.ORIGIN_IMPORT}
    result = ImportResult()
    slug = None
    try:
        # The moves' after-commit work (mention index, search index, reader links, snapshots) runs
        # once for the whole file when it has committed: each version indexed once, in bulk.
        with after_commit.coalesced(), transaction.atomic():
            run = _Run(articles)
            for done, parsed in enumerate(articles, 1):
                slug = parsed.slug
                _save_article(
                    parsed,
                    publish=publish,
                    submit=submit,
                    now=now,
                    result=result,
                    origin=origin,
                    note=note,
                    run=run,
                )
                if progress:
                    progress(done, len(articles))
    except workflow.WorkflowError as error:
        raise ImportFailed([f"{source}: {slug}: {error}"]) from error
    return result


def import_file(path, *, publish=False, submit=False, progress=None):
    """Validate and save one file: every article of it, or (raising ``ImportFailed``) none."""
    return save_articles(parse_file(path), source=str(path), publish=publish, submit=submit, progress=progress)
