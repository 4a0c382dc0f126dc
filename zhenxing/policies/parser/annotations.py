"""Responsibility annotations: who leads, who takes part, by when — as the document writes it.

Forms read (any mix of full- and half-width punctuation, simplified or traditional script):
- parenthetical: （国家发展改革委牵头，财政部、商务部等按职责分工负责，2016年底前完成）,
  （国务院各部门分别负责，年内持续推进）, （财政部负责）, （X会同Y负责）;
- label lines: 牵头单位：… / 责任单位：… / 配合单位：… / 主办：… 协办：… / 完成时限：…
  (consecutive label lines make one annotation; 牵头领导 and other people are not units),
  and 部门分工：省发展改革委牵头，各地、各部门配合。 whose value reads like a parenthetical;
- brackets of any kind: （…） (…) 〔…〕 […] ［…］;
- inline: 由X会同Y制定…。 (in traditional script too: 由發展改革委會同…等部門研究…);
- a group's heading: (一)省监察厅牵头的工作 leads the items under it (document._heading_lead);
- units alone: a bracket closing an item after its sentence (…。(国家发展改革委、自然资源部等部门))
  or a line of a table flattened a cell a line (市经信局、市财政局等,各县、市、区政府), the unit
  listed first leading as in 责任单位-only tables.
- a sentence of its own closing the item: …。省水利厅牵头，省发改委、农垦总局等单位配合。
A document may state how its unit lists read (列第一位的为牵头单位, 责任单位均为牵头单位):
`document_convention` finds the statement and `apply_convention` applies it to every list of
responsible units without a role of their own (Annotation.responsible).
Unit names are kept as written (a trailing 等, 等部门, 等有关部门 and punctuation dropped), except
that elliptical coordination is expanded (辽宁、吉林、黑龙江省人民政府 → three governments) and
collective names that contain 、 stay whole (各区、县(市)政府, 相关市、县政府).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from zhenxing.policies.parser.deadlines import VAGUE_SEGMENT, find_deadline
from zhenxing.policies.parser.text import half_width, to_simplified

LEAD_LABELS = (
    r"牵头单位|牵头部门|主责单位|主责部门|牵头责任单位|牵头责任部门|主办单位|主办部门|主办|牵头"
)
OPEN = r"[（(〔\[［]"
CLOSE = r"[)）〕\]］]"
_BRACKETS = r"（）()〔〕\[\]［］"
RESPONSIBLE_LABELS = r"责任单位|责任部门|承办单位|实施单位|落实单位|责任主体|责任处室|责任科室"
PARTICIPANT_LABELS = (
    r"协同责任单位|协同单位|协同部门|配合责任单位|配合单位|配合部门|参加单位|参与单位|"
    r"协办单位|协办部门|协办|协助单位|参与部门|参加部门|配合|参与|协同"
)
# A value written as a sentence: 部门分工：省发展改革委牵头，各地、各部门配合。
FREE_LABELS = r"部门分工|责任分工|任务分工|分工"
DEADLINE_LABELS = r"完成时限|完成时间|时间节点|时限要求|时间要求|完成期限|时限"
PERSON_LABELS = (
    r"牵头负责领导|牵头领导|责任领导|分管[省市区县]?领导|分管负责同志|牵头人|责任人|联系人|"
    r"包保领导|督办领导|协管副秘书长|分管副秘书长"
)
_ALL_LABELS = (
    rf"{PERSON_LABELS}|{LEAD_LABELS}|{RESPONSIBLE_LABELS}|{PARTICIPANT_LABELS}|{FREE_LABELS}|"
    rf"{DEADLINE_LABELS}"
)
LABEL = re.compile(rf"(?P<label>{_ALL_LABELS})\s*[:：]")
LABEL_LINE = re.compile(rf"^{OPEN}?\s*(?:{_ALL_LABELS})\s*[:：]")
RESPONSIBILITY_WORDS = re.compile(r"牵头|负责|负总责|会同|配合|参与|参加|协办|主办|按职责|分别")
# （…） with at most one short bracket inside it: （配合单位：各市（州）政府）.
PARENTHETICAL = re.compile(
    rf"{OPEN}((?:[^{_BRACKETS}]|[（(][^{_BRACKETS}]{{1,8}}[)）]){{2,300}}?){CLOSE}"
)
# A lead unit marked inside a list of responsible units: 省政务服务和数字化局（牵头）.
MARKED_LEAD = re.compile(r"^(?P<name>.+?)\s*[（(]\s*(?:牵头|牵头单位|主责)\s*[)）]$")
INLINE_JOINT = re.compile(r"由([^，,。；;（）()]{2,60}?)会同([^，,。；;（）()]{2,80})")
JOINT_STOP = re.compile(
    r"负责|共同|制定|研究|推进|组织|开展|做好|出台|抓紧|加快|建立|完善|落实|编制|实施|提出|起草|修订|审核|指导|协调|牵头|按职责"
)
YEAR_ONLY = re.compile(r"(?:\d{4}\s*[-—–~至到]\s*)?\d{4}\s*年(?:底|末)?(?:前)?")
_UNIT_SUFFIX = re.compile(
    r"(?:部|委|委员会|局|厅|办|办公室|署|行|银行|会|院|政府|集团|公司|中心|室|处|组|府|委员|门|直属库)$"
)


@dataclass
class Annotation:
    """One responsibility annotation and where it stands in the node's text."""

    written: str  # the annotation as written
    start: int  # offset in the text
    end: int
    lead_units: list[str] = field(default_factory=list)
    participating_units: list[str] = field(default_factory=list)
    deadline: str = ""
    # Units listed as responsible with no role of their own (（A、B、C负责）, 责任单位：A、B, a
    # unit cell), in the order written: a convention the document states decides who leads.
    responsible: list[str] = field(default_factory=list)


# A document's own statement of how its unit lists read: 列第一位的为牵头单位, 排在第一位的为
# 牵头单位, 排名第一的责任单位为牵头单位, 列第一位者为牵头单位, 由排名第一的单位牵头,
# 第一个单位为牵头单位, 牵头单位列第一位, a column
# headed 牵头单位/责任单位; or 责任单位均为牵头单位 (every unit listed leads).
FIRST_LEADS = (
    r"(?:列|排在|排名|排序|位列|排)(?:第一位|第一|首位)(?:的|者)?(?:责任|牵头)?(?:单位|部门)?"
    r"(?:为(?:牵头|主责)|牵头)"
    r"|第一个(?:责任)?(?:单位|部门)为(?:牵头|主责)|第一责任(?:单位|部门)为牵头"
    r"|牵头(?:单位|部门)(?:列|排)在?(?:第一位|首位)|牵头单位\s*[/／]\s*责任单位"
)
ALL_LEAD = r"(?:责任|所列|列出的)(?:单位|部门)均为牵头"
_CONVENTION = re.compile(rf"(?P<first>{FIRST_LEADS})|(?P<all>{ALL_LEAD})")
# The note as written beside a list, up to its clause's end, with a 下同 after it.
_CONVENTION_NOTE = re.compile(
    rf"[。，,；;]?\s*由?(?:{FIRST_LEADS}|{ALL_LEAD})[^，,。；;）)]*(?:[，,]\s*(?:下同|同上))?"
)


def document_convention(text: str) -> str:
    """ "first" where the document says the unit listed first leads, "all" where it says every
    responsible unit leads, "" where it says neither (the reading of each form stands)."""
    # Each statement holds 第一, 首位, 均为 or a slash: only the text around those is read (a
    # whole document in simplified form would cost a tenth of its parse).
    for anchor in _CONVENTION_ANCHOR.finditer(text):
        window = text[max(anchor.start() - 12, 0) : anchor.end() + 16]
        if match := _CONVENTION.search(half_width(to_simplified(window))):
            return "first" if match.group("first") else "all"
    return ""


_CONVENTION_ANCHOR = re.compile(r"第一|首位|均[为為]|[/／]")


def apply_convention(annotation: "Annotation", convention: str) -> None:
    """Read `annotation`'s list of responsible units as the document says its lists read."""
    listed = annotation.responsible
    if not convention or not listed:
        return
    others = [name for name in annotation.participating_units if name not in listed]
    if convention == "first":
        annotation.lead_units, annotation.participating_units = listed[:1], listed[1:] + others
    else:
        annotation.lead_units, annotation.participating_units = list(listed), others


def _without_convention_note(content: str) -> tuple[str, bool]:
    """`content` without a convention note written in it (…负责,列第一位的为牵头部门,下同)."""
    if not _CONVENTION_ANCHOR.search(content):
        return content, False
    plain = half_width(to_simplified(content))
    pieces, position = [], 0
    for match in _CONVENTION_NOTE.finditer(plain):
        pieces.append(content[position : match.start()])
        position = match.end()
    if not pieces:
        return content, False
    pieces.append(content[position:])
    return "".join(pieces).strip(" ,，;；。"), True


# 等, 等部门, 等有关部门, 等省直有关部门, 等各相关单位: the clause says "and others".
_TRAILING_ETC = re.compile(
    r"等(?:省直|市直|区直|县直|中直|中央|国家)?各?(?:有关|相关)?(?:部门|单位|机构)?$"
)


def _cut_simplified(name: str, pattern: re.Pattern) -> str:
    """`name` without the end that `pattern` matches in its simplified form (traditional script
    too: to_simplified keeps every character's position)."""
    match = pattern.search(to_simplified(name))
    return name[: match.start()] if match else name


def strip_trailing_etc(name: str) -> str:
    """财政部等 → 财政部; 商务部等有关部门 → 商务部; 農業部等部門 → 農業部."""
    name = name.strip(" 　。；;，,：:")
    return _cut_simplified(name, _TRAILING_ETC).strip(" 　。；;，,")


# A piece that is only an administrative level (各县, 市, 相关市): the list names one collective,
# 各县、市、区政府 or 相关市、县政府, not three units.
_LEVEL_ONLY = re.compile(
    r"^(?:各|相关|有关)?(?:省|市|县|区|州|盟|旗|乡|镇|乡镇|街道|县级市|县\(市\)|市\(州\)|区\(县\)|"
    r"县\(市、区\)|省\(区、市\)|自治区|直辖市)$"
)
# 辽宁、吉林、黑龙江省人民政府: the last piece is a place, a level and a body the others share.
_PLACE_LEVEL_BODY = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<rest>(?:省|市|县|区|自治区|自治州|盟)"
    r"(?P<body>人民政府|政府|[\u4e00-\u9fff]{1,12}(?:厅|局|委|委员会|办)))$"
)
# Remarks written among the units: 排在首位的为牵头单位, 下同, 不再单独列出.
REMARK = re.compile(r"下同|同上|不再|以下|排在|首位|均需|列出|为牵头|为主责")
_BRACKETED_REMARK = re.compile(rf"[（(][^（）()]*(?:{REMARK.pattern})[^（）()]*[)）]")
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_LEVEL_CHARACTERS = "省市县区州旗盟"


def split_names(text: str, is_unit: Callable[[str], bool]) -> list[str]:
    """Unit names listed in `text` (、，/ separate; 和/及/与 only where both sides are units)."""
    text = re.sub(r"^(?:由|请)", "", text.strip())
    # 市发改委、市财政局(第一责任单位为牵头单位,下同): a remark in brackets, not a unit.
    text = _BRACKETED_REMARK.sub("", text)
    text = _cut_simplified(text.strip(" 。"), _STANDING_PHRASE)
    pieces = [p for p in _split_outside_brackets(text) if p.strip(" 　。")]
    names: list[str] = []
    for piece in _join_collectives(pieces):
        piece = strip_trailing_etc(piece)
        if not piece:
            continue
        # 省人事厅等省直有关部门和各市人民政府: each side of the conjunction drops its 等 clause.
        names.extend(strip_trailing_etc(name) for name in _split_conjunction(piece, is_unit))
    names = [name for name in names if name and not REMARK.search(to_simplified(name))]
    return _share_owner(_expand_ellipsis(names, is_unit))


# 省政府各部门、各直属机构: a government's organs, the second sharing the first's government.
_OWNED_ORGANS = re.compile(r"^(?P<owner>.{0,12}?(?:人民政府|政府|国务院))各(?:有关)?[^各]{1,8}$")
_ORGANS_ONLY = re.compile(
    r"^各(?:有关)?(?:直属|所属|派出|组成)?(?:部门|机构|单位|事业单位|部委|委办局|委办|厅局|办事机构)$"
)


def _share_owner(names: list[str]) -> list[str]:
    """省政府各部门、各直属机构 → 省政府各部门、省政府各直属机构; 各市人民政府 after it is a
    collective of its own."""
    result: list[str] = []
    owner = ""
    for name in names:
        plain = to_simplified(name)
        if owner and _ORGANS_ONLY.match(plain):
            result.append(owner + name)
            continue
        match = _OWNED_ORGANS.match(plain)
        owner = name[: match.end("owner")] if match else ""
        result.append(name)
    return result


_STANDING_PHRASE = re.compile(
    r"(?:按照?职责分工|按照?职能分工|按职责|分工|分别|共同|各自|按程序|负责落实|负责|落实)+$"
)
_SEPARATORS = "、，,/;； \t　"


def _split_outside_brackets(text: str) -> list[str]:
    """Split a list at 、，,/; and spaces, but not inside brackets: 各县(市、区)政府 is one name."""
    pieces, current, depth = [], [], 0
    for character in text:
        if character in "（(〔[［":
            depth += 1
        elif character in "）)〕]］":
            depth = max(depth - 1, 0)
        if character in _SEPARATORS and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(character)
    pieces.append("".join(current))
    return [piece for piece in pieces if piece]


# The piece that closes a collective: 区政府, 县(市)政府, 区人民政府 (not 区直各部门, a unit).
_COLLECTIVE_TAIL = re.compile(r"^[^、]{0,8}?(?:人民政府|政府|党委|管委会)$")


def _join_collectives(pieces: list[str]) -> list[str]:
    """各县、市、区政府 → one piece: level-only pieces join the government they share; before
    a unit of its own (各街道、区直各部门) a level-only piece is a unit too (各街道)."""
    joined: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        plain = half_width(to_simplified(piece))
        if _LEVEL_ONLY.match(plain):
            pending.append(piece)
            continue
        if pending and _COLLECTIVE_TAIL.match(plain):
            joined.append("、".join([*pending, piece]))
        elif pending and (split := _collective_before_conjunction(piece)):
            # 各区、县(市)政府及开发区管委会: the collective closes before 及.
            joined.append("、".join([*pending, split[0]]))
            joined.append(split[1])
        else:
            joined.extend(pending)
            joined.append(piece)
        pending = []
    if len(pending) > 1:
        joined.append("、".join(pending))  # 各市、县: one collective
    else:
        joined.extend(pending)
    return joined


def _collective_before_conjunction(piece: str) -> tuple[str, str] | None:
    """县(市)政府及开发区管委会 → (县(市)政府, 开发区管委会), when the left side closes a
    collective."""
    plain = half_width(to_simplified(piece))
    for joiner in ("以及", "和", "及", "与"):
        position = plain.find(joiner)
        if position > 0 and _COLLECTIVE_TAIL.match(plain[:position]):
            right = piece[position + len(joiner) :]
            if right:
                return piece[:position], right
    return None


def _expand_ellipsis(names: list[str], is_unit: Callable[[str], bool]) -> list[str]:
    """哈尔滨、黑河、绥芬河市政府 → 哈尔滨市政府、黑河市政府、绥芬河市政府: bare place names
    directly before a place-level-body name share its level and body. A bare name the registry
    knows as a unit (辽宁, 海关) is expanded only where the expanded name is a unit too."""
    result: list[str] = []
    bare: list[str] = []
    for name in names:
        plain = to_simplified(name)
        if _BARE_PLACE.match(plain) and not _UNIT_SUFFIX.search(plain):
            bare.append(name)
            continue
        match = _PLACE_LEVEL_BODY.match(plain)
        if bare and match:
            # 咸安区、嘉鱼县、通山县人民政府: a place that carries its own level takes the body.
            rest, body = name[match.start("rest") :], name[match.start("body") :]
            for place in bare:
                expanded = place + (body if to_simplified(place)[-1] in _LEVEL_CHARACTERS else rest)
                result.append(expanded if not is_unit(place) or is_unit(expanded) else place)
        else:
            result.extend(bare)
        bare = []
        result.append(name)
    result.extend(bare)
    return result


# A collective named by its kind: 相关盟市, 各有关单位, 有关旗县.
_COLLECTIVE_NAME = re.compile(
    r"^(?:各|相关|有关)[\u4e00-\u9fff]{0,8}(?:盟市|市|县|区|旗|州|地区|乡镇|街道|单位|部门|企业)$"
)


def _unit_like(name: str, is_unit: Callable[[str], bool]) -> bool:
    plain = to_simplified(name)
    return is_unit(name) or bool(_UNIT_SUFFIX.search(plain) or _COLLECTIVE_NAME.match(plain))


def _split_conjunction(piece: str, is_unit: Callable[[str], bool]) -> list[str]:
    if is_unit(piece):
        return [piece]
    plain = to_simplified(piece)
    for joiner in ("以及", "和", "及", "与"):
        if joiner in plain:
            position = plain.index(joiner)
            left, right = piece[:position], piece[position + len(joiner) :]
            if not (left and right and _unit_like(left, is_unit)):
                continue
            # 环保厅和内蒙古电力监管办及相关盟市: the right side may join units again.
            parts = _split_conjunction(right, is_unit)
            if _unit_like(right, is_unit) or len(parts) > 1:
                return _split_conjunction(left, is_unit) + parts
    return [piece]


def _is_deadline_segment(segment: str) -> bool:
    if RESPONSIBILITY_WORDS.search(to_simplified(segment)):
        return False
    return (
        bool(find_deadline(segment))
        or bool(YEAR_ONLY.fullmatch(segment.strip()))
        or bool(VAGUE_SEGMENT.match(to_simplified(segment).strip()))
    )


def read_parenthetical(content: str, is_unit: Callable[[str], bool]) -> Annotation | None:
    """Read the inside of （…） if it is a responsibility annotation."""
    content, noted = _without_convention_note(content)
    simplified = to_simplified(content)
    if LABEL.search(simplified):
        return read_labels(content, is_unit)
    if noted and (names := _unit_cell(content, is_unit)):
        # (A、B、C。排名第一的为牵头单位,下同): units alone beside the document's convention.
        return Annotation("", 0, 0, names[:1], names[1:], responsible=names)
    segments = [s for s in re.split(r"[，,；;]", content) if s.strip()]
    annotation = Annotation(written="", start=0, end=0)
    found = False
    pending = ""  # 区财政局、区交运局等部门,区国投公司配合: names that share the next verb
    for index, segment in enumerate(segments):
        segment = pending + segment
        pending = ""
        plain = to_simplified(segment).strip()
        if (
            index + 1 < len(segments)
            and not RESPONSIBILITY_WORDS.search(plain)
            and not _is_deadline_segment(segment)
            and _names_only(segment)
        ):
            pending = segment + "、"
            continue
        if _is_deadline_segment(segment):
            annotation.deadline = segment.strip()
            found = True
            continue
        if "会同" in plain:
            lead, _, rest = segment.partition(_original_of(segment, plain, "会同"))
            participants = _before_joint_stop(rest)
            annotation.lead_units += split_names(lead, is_unit)
            annotation.participating_units += split_names(participants, is_unit)
            found = True
        elif match := re.search(r"(?:共同)?(?:牵头|主办|负总责)", plain):
            annotation.lead_units += split_names(segment[: match.start()], is_unit)
            found = True
        elif match := re.search(
            r"(?:按照?职[责能]分工|分工|分别|共同|各自)?(?:负责|落实|承担|抓好落实)", plain
        ):
            names = split_names(segment[: match.start()], is_unit)
            if annotation.lead_units:
                annotation.participating_units += names
            else:
                annotation.lead_units += names
                # （A、B、C负责）: a list with no role of its own (not 分别负责, 共同负责).
                if not re.match(r"分别|共同|各自", plain[match.start() :]):
                    annotation.responsible = list(names)
            found = True
        elif match := re.search(r"(?:配合|参与|参加|协助|协办)", plain):
            annotation.participating_units += split_names(segment[: match.start()], is_unit)
            found = True
        else:
            return None  # a part that is neither units nor a deadline: not an annotation
    if not found or not (
        annotation.lead_units or annotation.participating_units or annotation.deadline
    ):
        return None
    if (
        not annotation.lead_units
        and not annotation.participating_units
        and not re.search(r"前|完成|持续|长期|年内", content)
    ):
        return None
    return annotation


def _before_joint_stop(text: str) -> str:
    """The units listed after 会同, up to the verb (研究, 负责…), in any script."""
    return text[: len(JOINT_STOP.split(to_simplified(text), maxsplit=1)[0])]


def _names_only(segment: str) -> bool:
    """A segment that lists units and says nothing about them (no verb, no clause)."""
    pieces = [p for p in re.split(r"[、]", to_simplified(segment).strip()) if p]
    return bool(pieces) and all(
        len(p) <= 24 and _UNIT_SUFFIX.search(re.sub(r"等(?:有关|相关)?(?:部门|单位)?$", "", p))
        for p in pieces
    )


def _original_of(segment: str, simplified: str, word: str) -> str:
    """The characters of `segment` at the position of `word` in its simplified form."""
    position = simplified.find(word)
    offset = len(segment) - len(segment.lstrip())
    return segment[offset + position : offset + position + len(word)]


def read_labels(text: str, is_unit: Callable[[str], bool]) -> Annotation | None:
    """Read 牵头单位：…责任单位：…配合单位：…完成时限：… (in one string)."""
    simplified = to_simplified(text)
    matches = list(LABEL.finditer(simplified))
    if not matches:
        return None
    annotation = Annotation(written=text, start=0, end=len(text))
    responsible: list[str] = []
    marked_leads: list[str] = []

    def names_in(value: str) -> list[str]:
        names = []
        for name in split_names(value, is_unit):
            if marked := MARKED_LEAD.match(to_simplified(name)):
                marked_leads.append(name[: marked.end("name")])
            else:
                names.append(name)
        return names

    for index, match in enumerate(matches):
        value_end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : value_end].strip(" 　;；，,。")
        # A value lists units: a sentence after it (具体任务均涉及…) is a remark.
        value = value.split("。", 1)[0]
        if _closers(value) > _openers(value):
            value = value.rstrip(")）〕]］")  # the bracket that closes a （牵头单位：…）
        label = match.group("label")
        if re.fullmatch(PERSON_LABELS, label):
            continue
        if re.fullmatch(FREE_LABELS, label):
            if (free := read_parenthetical(value, is_unit)) is not None:
                annotation.lead_units += free.lead_units
                annotation.participating_units += free.participating_units
                annotation.deadline = annotation.deadline or free.deadline
            continue
        if re.fullmatch(DEADLINE_LABELS, label):
            annotation.deadline = value
        elif re.fullmatch(LEAD_LABELS, label):
            annotation.lead_units += names_in(value)
        elif re.fullmatch(RESPONSIBLE_LABELS, label):
            # 责任单位：市人力社保局、市农业农村局分别牵头: every unit listed leads.
            if leading := re.search(r"(?:分别|共同)?牵头$", to_simplified(value)):
                annotation.lead_units += names_in(value[: leading.start()])
            else:
                responsible += names_in(value)
        else:
            annotation.participating_units += names_in(value)
    annotation.lead_units = marked_leads + annotation.lead_units
    if responsible:
        if annotation.lead_units:
            annotation.participating_units = responsible + annotation.participating_units
        else:
            # Convention of division tables: the unit listed first leads.
            annotation.responsible = list(responsible)
            annotation.lead_units = responsible[:1]
            annotation.participating_units = responsible[1:] + annotation.participating_units
    if not (annotation.lead_units or annotation.participating_units or annotation.deadline):
        return None
    return annotation


def _openers(text: str) -> int:
    return sum(text.count(c) for c in "（(〔[［")


def _closers(text: str) -> int:
    return sum(text.count(c) for c in "）)〕]］")


def find_annotations(text: str, is_unit: Callable[[str], bool]) -> list[Annotation]:
    """Every responsibility annotation in a node's own text, in order of position."""
    annotations: list[Annotation] = []
    label_block: list[tuple[int, int]] = []
    offset = 0
    cell: Annotation | None = None  # the last unlabelled unit cell, which a date cell may follow
    for index, paragraph in enumerate(text.split("\n")):
        start, end = offset, offset + len(paragraph)
        offset = end + 1
        if LABEL_LINE.match(to_simplified(paragraph)):
            label_block.append((start, end))
            continue
        _close_label_block(text, label_block, annotations, is_unit)
        label_block = []
        if (
            cell is not None
            and len(paragraph) <= 20
            and _DATE_CELL.match(half_width(to_simplified(paragraph)).strip())
        ):
            cell.deadline, cell.end = paragraph.strip(), end
            cell.written = text[cell.start : end]
            cell = None
            continue
        cell = None
        # Most paragraphs are sentences (。, 要, 的…): those are no cell, and cost no more tests.
        if index > 0 and len(paragraph) <= 140 and not _SENTENCE_WORDS.search(paragraph):
            units, date = _split_date_cell(paragraph)
            names = _unit_cell(units, is_unit)
        else:
            names = []
        if names:
            # A table flattened a cell a line whose 责任单位 cells carry no label: the unit
            # listed first leads, as in 责任单位-only tables. The time-limit cell after it may
            # have been joined to it as a wrapped line (…咸宁高新区管委会2020年12月).
            cell = Annotation(paragraph, start, end, names[:1], names[1:], date, names)
            annotations.append(cell)
            if date:
                cell = None
            continue
        if (labels_at := _inline_labels_start(paragraph)) is not None:
            # 发展集成电路产业。牵头单位：… on one line: the labels open a block of their own.
            label_block.append((start + labels_at, end))
            paragraph, end = paragraph[:labels_at], start + labels_at
        for match in PARENTHETICAL.finditer(paragraph):
            content = match.group(1)
            plain = to_simplified(content)
            if not (
                RESPONSIBILITY_WORDS.search(plain) or LABEL.search(plain) or find_deadline(content)
            ):
                # 加快建设。(国家发展改革委、自然资源部等部门): units alone, in a bracket that
                # closes the item after its sentence, are its responsible units (first leads).
                before = paragraph[: match.start()].rstrip()
                after = paragraph[match.end() :].strip(" 。；;")
                if before.endswith(("。", "；", ";")) and not after:
                    if names := _unit_cell(content, is_unit):
                        annotations.append(
                            Annotation(
                                match.group(0),
                                start + match.start(),
                                start + match.end(),
                                names[:1],
                                names[1:],
                                responsible=names,
                            )
                        )
                continue
            annotation = read_parenthetical(content, is_unit)
            if annotation is not None:
                annotation.written = match.group(0)
                annotation.start, annotation.end = start + match.start(), start + match.end()
                annotations.append(annotation)
        for match in INLINE_JOINT.finditer(to_simplified(paragraph)):
            if any(a.start <= start + match.start() < a.end for a in annotations):
                continue
            participants = _before_joint_stop(paragraph[match.start(2) : match.end(2)])
            annotation = Annotation(
                written=paragraph[match.start() : match.start(2) + len(participants)],
                start=start + match.start(),
                end=start + match.start(2) + len(participants),
                lead_units=split_names(paragraph[match.start(1) : match.end(1)], is_unit),
                participating_units=split_names(participants, is_unit),
            )
            annotation.deadline = find_deadline(_sentence_around(paragraph, match.start()))
            annotations.append(annotation)
        if not any(start <= a.start <= end for a in annotations):
            if (closing := _closing_sentence(paragraph, is_unit)) is not None:
                closing.start, closing.end = start + closing.start, start + closing.end
                annotations.append(closing)
    _close_label_block(text, label_block, annotations, is_unit)
    annotations.sort(key=lambda a: a.start)
    return annotations


# A clause of a closing sentence ends with its verb: 省农委牵头 / 省发改委、农垦总局等单位配合.
_CLAUSE_VERB_END = re.compile(r"(?:牵头|负责|配合|参与|参加|协办|协助)$")


def _closing_sentence(paragraph: str, is_unit: Callable[[str], bool]) -> Annotation | None:
    """…。省水利厅牵头,省发改委、农垦总局等单位配合。: an item's last sentence that only says
    who leads and who takes part (every clause units and a verb), after a sentence of its own."""
    body = paragraph.rstrip()
    if not body.endswith("。"):
        return None
    body = body[:-1]
    cut = max(body.rfind("。"), body.rfind("；"), body.rfind(";")) + 1
    sentence = body[cut:]
    plain = to_simplified(sentence).strip()
    if cut == 0 or not plain or len(plain) > 120 or not re.search(r"牵头|负责", plain):
        return None
    clauses = [c.strip() for c in re.split(r"[，,]", sentence) if c.strip()]
    if not all(
        _CLAUSE_VERB_END.search(to_simplified(c)) or _is_deadline_segment(c) for c in clauses
    ):
        return None
    annotation = read_parenthetical(sentence, is_unit)
    if annotation is None:
        return None
    names = annotation.lead_units + annotation.participating_units
    if not names or not all(len(name) <= 24 and _unit_like(name, is_unit) for name in names):
        return None
    annotation.written, annotation.start, annotation.end = sentence, cut, len(body)
    return annotation


# A cell that holds only a time limit: 2020年12月, 2026年6月底前, 12月底.
_DATE_CELL = re.compile(
    r"^(?:\d{4}\s*年)?(?:\d{1,2}\s*月)(?:\d{1,2}\s*日)?(?:底|末)?前?(?:完成)?$|^\d{4}\s*年(?:底|末)?前?$"
)
_TRAILING_DATE_CELL = re.compile(
    r"(?:\d{4}\s*年)?\d{1,2}\s*月(?:\d{1,2}\s*日)?(?:底|末)?前?(?:完成)?$|\d{4}\s*年(?:底|末)?前?$"
)


def _split_date_cell(paragraph: str) -> tuple[str, str]:
    """(units, time limit) of a unit cell with a date cell joined to its end, else (line, "")."""
    match = _TRAILING_DATE_CELL.search(half_width(to_simplified(paragraph)).rstrip())
    if not match or match.start() == 0:
        return paragraph, ""
    return paragraph[: match.start()], paragraph[match.start() :].strip()


# Words that make a line a sentence about units rather than a list of them.
_SENTENCE_WORDS = re.compile(r"[。！？!?；;：:“”\"]|要|将|把|的")


def _unit_cell(paragraph: str, is_unit: Callable[[str], bool]) -> list[str]:
    """The units of a line that lists units and nothing else (a table's unlabelled cell)."""
    plain = to_simplified(paragraph).strip().rstrip("。")
    if not plain or len(plain) > 120 or RESPONSIBILITY_WORDS.search(plain):
        return []
    if _SENTENCE_WORDS.search(plain):
        return []
    names = split_names(paragraph, is_unit)
    if names and all(
        len(name) <= 24 and (is_unit(name) or _UNIT_SUFFIX.search(to_simplified(name)))
        for name in names
    ):
        return names
    return []


def _inline_labels_start(paragraph: str) -> int | None:
    """Where label text (牵头单位：…) begins inside a paragraph, after a sentence has ended
    (not inside brackets: （牵头单位：…；配合单位：…） is a parenthetical annotation)."""
    match = LABEL.search(to_simplified(paragraph))
    if match is None or match.start() == 0 or paragraph[match.start() - 1] not in "。；;！!？?":
        return None
    before = paragraph[: match.start()]
    if _openers(before) > _closers(before):
        return None
    return match.start()


def _close_label_block(text, block, annotations, is_unit) -> None:
    if not block:
        return
    start, end = block[0][0], block[-1][1]
    annotation = read_labels(text[start:end], is_unit)
    if annotation is not None:
        annotation.start, annotation.end = start, end
        annotation.written = text[start:end]
        annotations.append(annotation)


def _sentence_around(paragraph: str, position: int) -> str:
    start = max(paragraph.rfind("。", 0, position), paragraph.rfind("；", 0, position)) + 1
    end = paragraph.find("。", position)
    return paragraph[start : end if end != -1 else len(paragraph)]
