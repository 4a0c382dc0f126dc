"""parse_document: text in, structure with annotations, tasks and suggestions out."""

import datetime
import functools
import re
from dataclasses import dataclass, field

from zhenxing.policies.parser.annotations import (
    Annotation,
    apply_convention,
    document_convention,
    find_annotations,
    split_names,
)
from zhenxing.policies.parser.deadlines import deadline_in_text, deadline_warnings, read_deadline
from zhenxing.policies.parser.layout import drop_page_furniture, laid_out, unflatten_tables
from zhenxing.policies.parser.metadata import (
    DOCUMENT_NUMBER,
    LABELS,
    Metadata,
    is_title,
    issuer_from_title,
    kind_of,
    normalise_document_number,
    parse_date,
)
from zhenxing.policies.parser.structure import (
    Node,
    StructureBuilder,
    find_marker,
    typical_wrap_width,
)
from zhenxing.policies.parser.suggest import SuggestionRegistry
from zhenxing.policies.parser.text import (
    clean_line,
    is_noise,
    to_simplified,
    traditional_table,
)

HEAD_LINES = 40
# Site navigation above a copied document: 首页 > 政务公开 > 通知公告.
BREADCRUMB = re.compile(r"[>›»＞]")
DATE_LINE = re.compile(
    r"^[（(]?\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,6}月.{1,6}日\s*[)）]?$"
)
PUBLICATION_NOTE = re.compile(
    r"^[（(](?:此件|本件)?(?:公开发布|主动公开|依申请公开|不予公开|此页无正文)[)）]$"
)
ISSUER_LINE = re.compile(
    r"^[\u4e00-\u9fff　 ]{2,40}(?:政府|国务院|中央|办公厅|办公室|委员会|委|部|局|厅|署|行|领导小组)$"
)


@dataclass
class ParsedTask:
    text: str
    lead_units: list[str]
    participating_units: list[str]
    deadline: str | None
    due_date: datetime.date | None
    responsibility_text: str
    suggestions: list = field(default_factory=list)
    deadline_confidence: str = ""  # certain, likely, unsure (see deadlines.read_deadline)
    deadline_source: str = ""  # annotation, or text when the task's own words give the date
    warnings: list[str] = field(default_factory=list)
    inherited_from: str = ""  # the path of the part whose annotation this item takes

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "lead_units": self.lead_units,
            "participating_units": self.participating_units,
            "deadline": self.deadline,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "deadline_confidence": self.deadline_confidence or None,
            "deadline_source": self.deadline_source or None,
            "warnings": self.warnings,
            "responsibility_text": self.responsibility_text,
            "inherited_from": self.inherited_from or None,
            "suggested_lead_units": [s.as_dict() for s in self.suggestions],
        }


@dataclass
class ParsedNode:
    path: str
    level: int
    kind: str
    marker: str
    number: int
    heading: str
    text: str
    tasks: list[ParsedTask]
    suggestions: list

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "level": self.level,
            "kind": self.kind,
            "marker": self.marker,
            "heading": self.heading,
            "text": self.text,
            "suggested_lead_units": [s.as_dict() for s in self.suggestions],
            "tasks": [task.as_dict() for task in self.tasks],
        }


@dataclass
class ParsedDocument:
    metadata: Metadata
    preamble: str
    nodes: list[ParsedNode]

    def as_dict(self) -> dict:
        return {
            "title": self.metadata.title,
            "document_number": self.metadata.document_number,
            "issuer": self.metadata.issuer,
            "date": self.metadata.date.isoformat() if self.metadata.date else None,
            "kind": self.metadata.kind,
            "preamble": self.preamble,
            "nodes": [node.as_dict() for node in self.nodes],
        }

    def count(self, kind: str) -> int:
        return sum(1 for node in self.nodes if node.kind == kind)


def parse_document(
    raw_text: str,
    *,
    registry: SuggestionRegistry | None = None,
    reference_date: datetime.date | None = None,
) -> ParsedDocument:
    """Parse a document's text. `registry` supplies unit names and duties for suggestions."""
    registry = registry or SuggestionRegistry.empty()
    raw_lines = unflatten_tables(
        drop_page_furniture(raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    )
    raw_by_clean = {}
    for raw in raw_lines[: HEAD_LINES * 3]:
        raw_by_clean.setdefault(clean_line(raw), raw)
    lines = laid_out(
        [line for line in (clean_line(raw) for raw in raw_lines) if line], head_lines=HEAD_LINES
    )
    metadata, lines = _take_labelled_metadata(lines)
    lines = _take_title(lines, metadata, raw_by_clean)
    lines = _take_tail(lines, metadata)
    lines = [
        line
        for line in lines
        if not (len(line) <= 20 and is_noise(line) and not line.endswith(("。", "；")))
    ]
    builder = StructureBuilder(wrap_width=typical_wrap_width(lines))
    for line in lines:
        builder.feed(line)
    if not metadata.issuer and metadata.title:
        metadata.issuer = issuer_from_title(metadata.title)
    metadata.kind = kind_of(metadata.title) if metadata.title else ""
    # Deadlines without a year (6月底前) belong to the year the document was issued: its date,
    # else the year in its number (吉政发〔2024〕3号), else the date it was imported.
    number_year = re.search(r"〔(\d{4})〕", metadata.document_number or "")
    reference_year = (
        metadata.date.year
        if metadata.date
        else int(number_year[1])
        if number_year
        else (reference_date or datetime.date.today()).year
    )
    tree = list(builder.root.walk())
    body = "\n".join(lines)
    context = _Context(
        registry=registry,
        reference_year=reference_year,
        today=reference_date or datetime.date.today(),
        aliases=defined_aliases(body, registry.is_unit),
        simplify_names=written_in_traditional(body),
    )
    lifted = _lift_closing_annotations(tree, registry.is_unit)
    annotations = {id(node): find_annotations(node.text, registry.is_unit) for node in tree}
    # 列第一位的为牵头单位 / 责任单位均为牵头单位: how the document says its unit lists read.
    if convention := document_convention(body):
        for node_annotations in annotations.values():
            for annotation in node_annotations:
                apply_convention(annotation, convention)
    inherited: dict[int, tuple[Node, Annotation]] = {}
    for node in tree:  # parents before children: a nearer part's annotation wins
        if id(node) in lifted:
            continue  # its closing line is its own annotation, not one for its measures
        part_annotation = _part_annotation(node, annotations[id(node)])
        if part_annotation is None:
            continue
        annotations[id(node)].remove(part_annotation)
        for leaf in _leaves(node):
            if not annotations[id(leaf)]:
                inherited[id(leaf)] = (node, part_annotation)
    heading_leads: dict[int, tuple[str, list[str]]] = {}
    for node in tree:  # parents first: a group's heading names the lead of its items
        if names := _heading_lead(node, registry.is_unit):
            heading_leads[id(node)] = (node.path, names)
        elif node.parent is not None and id(node.parent) in heading_leads:
            heading_leads[id(node)] = heading_leads[id(node.parent)]
    nodes = [
        _parsed_node(
            node,
            annotations[id(node)],
            inherited.get(id(node)),
            context,
            heading_lead=heading_leads.get(id(node)) if not node.children else None,
        )
        for node in tree
    ]
    return ParsedDocument(metadata=metadata, preamble=builder.root.text, nodes=nodes)


@dataclass
class _Context:
    registry: SuggestionRegistry
    reference_year: int
    today: datetime.date
    aliases: dict[str, list[str]]
    # A traditional-script copy (a gateway's repost of a mainland document): its units are
    # named in simplified form, as the original and the registry name them.
    simplify_names: bool = False


# （以下称三省人民政府） / （以下简称"两部门"）: a name the document defines for the units before it.
ALIAS_DEFINITION = re.compile(
    r"[（(]以下(?:简称|称|统称)[“\"「]?(?P<alias>[^）)”\"」]{2,16})[”\"」]?[)）]"
)
_BEFORE_UNITS = re.compile(r"由|请|会同|支持|要求|指导|督促|鼓励|推动|组织|和|及|与")
_CLAUSE_START = re.compile(r"[。；;：:，,（(\n]")
_MARKER_REMNANT = re.compile(r"^\s*(?:[一二三四五六七八九十百]{1,4}|\d{1,3})\s*[)）]")


def defined_aliases(text: str, is_unit) -> dict[str, list[str]]:
    """Names the text defines for lists of units, with the units each stands for."""
    aliases = {}
    for match in ALIAS_DEFINITION.finditer(to_simplified(text)):
        window = text[max(0, match.start() - 120) : match.start()]
        clause = _CLAUSE_START.split(window)[-1]
        # (二)省发展改革委、省财政厅(以下简称…): the item's marker is not part of the list.
        clause = _MARKER_REMNANT.sub("", clause)
        if marker := find_marker(clause):
            clause = clause[marker.length :]
        before = _BEFORE_UNITS.split(to_simplified(clause))[-1]
        written = clause[len(clause) - len(before) :]
        names = split_names(written, is_unit) if len(written) >= 2 else []
        if names and all(_looks_like_unit(name) or is_unit(name) for name in names):
            aliases[text[match.start("alias") : match.end("alias")]] = names
    return aliases


def _looks_like_unit(name: str) -> bool:
    return bool(
        re.search(r"(?:政府|部|委|局|厅|办|署|行|会|院|室|中心|集团|公司)$", to_simplified(name))
    )


def _expand_aliases(names: list[str], aliases: dict[str, list[str]]) -> list[str]:
    expanded = []
    for name in names:
        expanded.extend(aliases.get(name, [name]))
    return list(dict.fromkeys(expanded))


# (一)省监察厅牵头的工作 / 省商务厅负责的工作: a heading that names the lead of the items under it.
HEADING_LEAD = re.compile(r"^(?P<units>.{2,60}?)(?:牵头负责|牵头|负责|主办)的?(?:工作|事项|任务)$")


def _heading_lead(node: Node, is_unit) -> list[str]:
    """The units a heading line names as lead of its group (persons, 某副省长, are not units)."""
    if not node.heading_is_line or not node.paragraphs:
        return []
    heading = node.paragraphs[0].rstrip("：:")
    match = HEADING_LEAD.match(to_simplified(heading))
    if not match:
        return []
    names = split_names(heading[: match.end("units")], is_unit)
    if names and all(is_unit(name) or _looks_like_unit(name) for name in names):
        return names
    return []


def _part_annotation(node: Node, annotations: list[Annotation]) -> Annotation | None:
    """The annotation of a whole part: on its heading line or alone on the line under it,
    when the part has items below it."""
    if not node.children or not annotations:
        return None
    offsets, position = [], 0
    for paragraph in node.paragraphs:
        offsets.append((position, position + len(paragraph)))
        position += len(paragraph) + 1
    for annotation in annotations:
        for index, (start, end) in enumerate(offsets[:2]):
            if not start <= annotation.start < end:
                continue
            rest = (node.text[start : annotation.start] + node.text[annotation.end : end]).strip(
                " 。；;"
            )
            if index == 1 and not rest:
                return annotation
            if index == 0 and len(rest) <= 40 and not re.search(r"[。；;！？]", rest):
                return annotation
    return None


_WHOLE_BRACKET = re.compile(r"^[（(〔\[［].*[)）〕\]］][。；;]?$")


def _lift_closing_annotations(tree: list[Node], is_unit) -> set[int]:
    """An item whose numbered measures `(1)`…`(4)` carry no annotation of their own, closed by a
    line that is only an annotation (`(责任单位:…)`) before the next item: the line is the
    item's, not its last measure's. Where measures carry their own, it stays the last one's.
    Returns the ids of the items that took their closing line."""
    lifted: set[int] = set()
    for node in tree:
        if len(node.children) < 2 or any(child.children for child in node.children):
            continue
        last = node.children[-1]
        if len(last.paragraphs) < 2 or find_annotations(node.text, is_unit):
            continue
        closing = last.paragraphs[-1].strip()
        if not _WHOLE_BRACKET.match(closing):
            continue  # a label line after an item's text (协同单位:…) is that item's own
        found = find_annotations(closing, is_unit)
        if (
            len(found) != 1
            or closing[: found[0].start].strip()
            or closing[found[0].end :].strip(" 。；;")
        ):
            continue
        measures = [child.text for child in node.children[:-1]]
        measures.append("\n".join(last.paragraphs[:-1]))
        if any(find_annotations(text, is_unit) for text in measures):
            continue
        node.paragraphs.append(last.paragraphs.pop())
        lifted.add(id(node))
    return lifted


def _leaves(node: Node):
    for child in node.children:
        if child.children:
            yield from _leaves(child)
        else:
            yield child


def _take_labelled_metadata(lines: list[str]) -> tuple[Metadata, list[str]]:
    """Read and drop gov.cn-style information rows (标题：… 发文字号：… 成文日期：…)."""
    metadata, kept = Metadata(), []
    for index, line in enumerate(lines):
        taken = False
        if index < HEAD_LINES or index >= len(lines) - HEAD_LINES:
            for key, pattern in LABELS.items():
                match = pattern.match(to_simplified(line))
                if match and len(line) <= 80:
                    value = line[match.start(1) :].strip()
                    if key == "date" and metadata.date is None:
                        metadata.date = parse_date(value)
                    elif key == "document_number" and not metadata.document_number:
                        number = DOCUMENT_NUMBER.search(value)
                        metadata.document_number = (
                            normalise_document_number(number) if number else value
                        )
                    elif key == "title" and not metadata.title:
                        metadata.title = value
                    elif key == "issuer" and not metadata.issuer:
                        metadata.issuer = value
                    taken = True
                    break
        if not taken:
            kept.append(line)
    return metadata, kept


def _take_title(lines: list[str], metadata: Metadata, raw_by_clean: dict[str, str]) -> list[str]:
    """Find the title near the top, drop what stands before it, and read number and date under it."""
    for index, line in enumerate(lines[:HEAD_LINES]):
        if find_marker(line):
            break
        title, used = _title_at(lines, index, raw_by_clean)
        if not title:
            continue
        if not metadata.title or to_simplified(metadata.title).replace(" ", "") == to_simplified(
            title
        ).replace(" ", ""):
            metadata.title = metadata.title or title
        head = lines[:index]
        rest = lines[index + used :]
        for line_before in head:
            _read_number_and_date(line_before, metadata)
        while rest and (
            DOCUMENT_NUMBER.fullmatch(rest[0])
            or DATE_LINE.match(rest[0])
            or PUBLICATION_NOTE.match(rest[0])
        ):
            _read_number_and_date(rest.pop(0), metadata)
        return rest
    return (
        [line for line in lines if not is_noise(line)]
        if not any(find_marker(line) for line in lines[:3])
        else lines
    )


def _title_at(lines: list[str], index: int, raw_by_clean: dict[str, str]) -> tuple[str, int]:
    line = lines[index]
    if is_title(line):
        return _title_text(raw_by_clean.get(line, line)), 1
    if (
        index + 1 < len(lines)
        and len(line) <= 40
        and not is_noise(line)
        and not BREADCRUMB.search(line)
        and is_title(line + lines[index + 1])
    ):
        return _title_text(raw_by_clean.get(line, line) + lines[index + 1]), 2
    return "", 0


def _title_text(raw: str) -> str:
    """Keep one space between joint issuers (中共中央 国务院关于…), none elsewhere."""
    simplified = to_simplified(raw)
    position = simplified.find("关于")
    if position > 0:
        issuers = " ".join(raw[:position].split())
        return (issuers + clean_line(raw[position:])).strip("《》 ")
    return clean_line(raw).strip("《》")


def _read_number_and_date(line: str, metadata: Metadata) -> None:
    number = DOCUMENT_NUMBER.search(line)
    if number and not metadata.document_number:
        metadata.document_number = normalise_document_number(number)
    if DATE_LINE.match(line) and metadata.date is None:
        metadata.date = parse_date(line)


def _take_tail(lines: list[str], metadata: Metadata) -> list[str]:
    """Drop page furniture after the text; read the signature (issuer, date) above it."""
    end = len(lines)
    while end > 0:
        line = lines[end - 1]
        if is_noise(line) or PUBLICATION_NOTE.match(line):
            end -= 1
        elif DATE_LINE.match(line) and len(line) <= 20:
            metadata.date = metadata.date or parse_date(line)
            end -= 1
        elif (
            ISSUER_LINE.match(line)
            and end < len(lines)
            and len(line) <= 30
            and not find_marker(line)
        ):
            metadata.issuer = metadata.issuer or line
            end -= 1
        else:
            break
    return lines[:end]


def _parsed_node(
    node: Node,
    annotations: list[Annotation],
    inherited: tuple[Node, Annotation] | None,
    context: _Context,
    heading_lead: tuple[str, list[str]] | None = None,
) -> ParsedNode:
    text = node.text
    tasks = _tasks(text, annotations, context)
    if not tasks and inherited is not None:
        part, annotation = inherited
        tasks = [_task(text, annotation, context, inherited_from=part.path)]
    if heading_lead is not None:
        _take_heading_lead(node, tasks, heading_lead, context)
    remaining = _without(text, annotations)
    return ParsedNode(
        path=node.path,
        level=node.level,
        kind=node.marker.kind,
        marker=node.marker.written,
        number=node.marker.number,
        heading=node.heading,
        text=text,
        tasks=tasks,
        suggestions=context.registry.suggest(remaining),
    )


def _take_heading_lead(node: Node, tasks: list, heading_lead, context: _Context) -> None:
    """An item under (or a group that is) `X牵头的工作` is led by X: a task without a lead
    takes it; an item without any annotation becomes one task."""
    source, names = heading_lead
    if not tasks:
        own = source == node.path
        body = "\n".join(node.paragraphs[1:] if own else node.paragraphs).strip()
        if body:
            annotation = Annotation(written="", start=0, end=0, lead_units=list(names))
            tasks.append(_task(body, annotation, context, inherited_from=source))
        return
    for task in tasks:
        if not task.lead_units:
            task.lead_units = list(names)
            task.participating_units = [n for n in task.participating_units if n not in names]


def _without(text: str, annotations: list[Annotation]) -> str:
    pieces, position = [], 0
    for annotation in annotations:
        pieces.append(text[position : annotation.start])
        position = annotation.end
    pieces.append(text[position:])
    return "".join(pieces)


def _tasks(text: str, annotations: list[Annotation], context: _Context) -> list[ParsedTask]:
    tasks, position = [], 0
    for annotation in annotations:
        inline = annotation.written.startswith("由")
        if inline:
            sentence_end = _sentence_end(text, annotation.end)
            covered = text[position : annotation.start] + text[annotation.end : sentence_end]
        else:
            sentence_end = annotation.end
            while sentence_end < len(text) and text[sentence_end] in "。；;":
                sentence_end += 1
            covered = text[position : annotation.start] + text[annotation.end : sentence_end]
        position = sentence_end
        tasks.append(_task(covered.strip().strip("\n"), annotation, context))
    return tasks


def _task(covered: str, annotation: Annotation, context: _Context, inherited_from: str = ""):
    phrase, source = annotation.deadline, "annotation"
    if not phrase and (phrase := deadline_in_text(covered)):
        source = "text"
    deadline = read_deadline(phrase, context.reference_year) if phrase else None
    confidence = deadline.confidence if deadline else ""
    if source == "text" and confidence == "certain":
        confidence = "likely"  # the date is the task's words, not its annotation
    named = _simplified if context.simplify_names else list
    lead_units = named(_expand_aliases(annotation.lead_units, context.aliases))
    # 牵头单位：省发展改革委 / 责任单位：省发展改革委、省统计局: the lead does not also take part.
    participating_units = [
        name
        for name in named(_expand_aliases(annotation.participating_units, context.aliases))
        if name not in lead_units
    ]
    return ParsedTask(
        text=covered,
        lead_units=lead_units,
        participating_units=participating_units,
        deadline=phrase or None,
        due_date=deadline.due_date if deadline else None,
        responsibility_text=annotation.written,
        suggestions=context.registry.suggest(covered),
        deadline_confidence=confidence,
        deadline_source=source if phrase else "",
        warnings=deadline_warnings(deadline, context.today) if deadline else [],
        inherited_from=inherited_from,
    )


def _simplified(names: list[str]) -> list[str]:
    return [to_simplified(name) for name in names]


# More than this share of a text's Chinese characters only traditional script uses: the text is
# in traditional script.
TRADITIONAL_SHARE = 0.05
SCRIPT_SAMPLE = 5000


def written_in_traditional(text: str) -> bool:
    """Whether `text` is written in traditional script: characters with a simplified form that
    the simplified character set itself lacks (國, 務; not 乾 of 乾安县 or 著 of 显著, which
    simplified texts use) make up more than TRADITIONAL_SHARE of its Chinese characters."""
    text = text[:SCRIPT_SAMPLE]  # a document keeps to one script: its opening decides
    han = len(HAN.findall(text))
    marked = text.translate(_traditional_only()).count(MARK) - text.count(MARK)
    return han > 0 and marked / han > TRADITIONAL_SHARE


HAN = re.compile(r"[\u4e00-\u9fff]")
MARK = "\x00"


@functools.cache
def _traditional_only() -> dict[int, str]:
    """A translation marking (MARK) the characters with a simplified form that GB 2312, the
    simplified set, lacks."""
    marks = {}
    for code in traditional_table():
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            marks[code] = MARK
    return marks


def _sentence_end(text: str, position: int) -> int:
    ends = [i for i in (text.find(mark, position) for mark in "。；\n") if i != -1]
    return min(ends) + 1 if ends else len(text)
