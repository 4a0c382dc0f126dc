"""Writes for policies: import a document, propose a division plan, edit, split and publish it."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import record_change
from zhenxing.lib.versions import VersionConflict, lock_version
from zhenxing.orgs.models import Unit
from zhenxing.orgs.selectors import region_code_of
from zhenxing.policies import selectors
from zhenxing.policies.extract import extract_text, unify_radicals
from zhenxing.policies.identity import document_number_key, text_hash
from zhenxing.policies.models import DivisionPlan, PolicyDocument, PolicyNode, Task, TaskRevision
from zhenxing.policies.parser.document import ParsedDocument, ParsedNode, parse_document
from zhenxing.policies.parser.suggest import SuggestionRegistry, registry_from_database
from zhenxing.policies.signals import announce_drafted, announce_tasks_changed

# Articles that state the situation, aims or principles rather than work to be done.
NON_TASK_HEADINGS = re.compile(
    r"面临形势|重大意义|总体思路|总体要求|指导思想|基本原则|发展目标|主要目标|工作目标|总体目标|适用范围|编制依据"
)
SUGGESTION_MIN_SCORE = 2.0


def registry_for(document: PolicyDocument) -> SuggestionRegistry:
    return registry_from_database(
        on_date=timezone.localdate(), region_code=region_code_of(document.issuer_unit)
    )


class DocumentAlreadyHeld(ValidationError):
    """The document is already held: a second copy would let a second plan be published from
    it and its tasks be counted twice. The secretariat works on the held one instead."""

    def __init__(self, held: PolicyDocument, *, same_text: bool):
        self.held = held
        self.same_text = same_text
        what = "正文相同" if same_text else f"文号相同（{held.document_number}）"
        super().__init__(
            f"该文件已导入（{what}）：{held.title}。请使用已导入的文件，不再重复导入。"
        )


@transaction.atomic
def policy_document_import(
    *,
    user,
    text: str = "",
    filename: str = "",
    data: bytes | None = None,
    title: str = "",
    document_number: str = "",
    issuer: str = "",
    issuer_unit: Unit | None = None,
    issued_on: datetime.date | None = None,
    mechanism=None,
) -> PolicyDocument:
    """Store a document from pasted text or an uploaded file, with its parsed structure.

    Metadata given by the user wins over what the parser reads from the text.
    """
    source_format = PolicyDocument.SourceFormat.PASTED
    if data is not None:
        text, source_format = extract_text(filename, data)
    else:
        text = unify_radicals(text)
    if not text or not text.strip():
        raise ValidationError("文件或粘贴内容为空。")
    registry = registry_from_database(
        on_date=timezone.localdate(), region_code=region_code_of(issuer_unit)
    )
    parsed = parse_document(text, registry=registry)
    meta = parsed.metadata
    number = document_number or meta.document_number
    number_key, content_hash = document_number_key(number), text_hash(text)
    held = selectors.document_already_held(number_key=number_key, content_hash=content_hash)
    if held is not None:
        raise DocumentAlreadyHeld(held, same_text=held.content_hash == content_hash)
    document = PolicyDocument(
        title=(title or meta.title or _first_line(text))[:300],
        document_number=number,
        document_number_key=number_key,
        content_hash=content_hash,
        issuer=issuer or meta.issuer,
        issuer_unit=issuer_unit,
        issued_on=issued_on or meta.date,
        kind=meta.kind or PolicyDocument.Kind.OTHER,
        mechanism=mechanism,
        text=text,
        source_format=source_format,
        original_filename=filename[:200],
        imported_by=user,
    )
    if data is not None:
        document.original_file.save(filename or "document", ContentFile(data), save=False)
    document.full_clean(exclude=["original_file"])
    document.save()
    _store_nodes(document, parsed)
    return document


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "未命名文件")


def _store_nodes(document: PolicyDocument, parsed: ParsedDocument) -> None:
    """Nodes are derived from the document's text: created in bulk, recorded as one change."""
    by_path: dict[str, PolicyNode] = {}
    for position, node in enumerate(parsed.nodes, start=1):
        parent_path = node.path.rpartition("/")[0]
        row = PolicyNode(
            document=document,
            parent=by_path.get(parent_path),
            position=position,
            path=node.path[:120],
            level=node.level,
            kind=node.kind,
            marker=node.marker[:20],
            heading=node.heading[:200],
            text=node.text,
            suggestions=[s.as_dict() for s in node.suggestions],
        )
        row.save_base(raw=True)  # parent must exist first; raw keeps the audit receiver quiet
        by_path[node.path] = row
    record_change(
        instance=document,
        action=ChangeRecord.Action.UPDATE,
        after={
            "nodes_created": len(parsed.nodes),
            "parts": parsed.count("part"),
            "articles": parsed.count("article"),
        },
        reason="解析文件结构",
    )


def node_code(
    node: ParsedNode, numbers_by_path: dict[str, int], kinds_by_path: dict[str, str]
) -> str:
    """26 for article (二十六); 26.1 for its item 1; 1.2 where there are no articles."""
    parts = node.path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    kinds = [kinds_by_path[p] for p in prefixes]
    numbers = [numbers_by_path[p] for p in prefixes]
    if "article" in kinds:
        start = kinds.index("article")
        return ".".join(str(n) for n in numbers[start:])
    return ".".join(
        str(n)
        for n, k in zip(numbers, kinds, strict=True)
        if k not in ("chapter", "section") or len(kinds) == 1
    )


@transaction.atomic
def division_plan_propose(*, document: PolicyDocument, user, title: str = "") -> DivisionPlan:
    """A draft plan from the document: one task per responsibility annotation, and one per
    unannotated article or item that carries work, with the suggested lead unit filled in."""
    registry = registry_for(document)
    parsed = parse_document(document.text, registry=registry)
    plan = DivisionPlan.objects.create(
        title=title or f"《{document.title}》重点任务分工方案",
        document=document,
        mechanism=document.mechanism,
    )
    stored = {node.path: node for node in document.nodes.all()}
    numbers = {node.path: node.number for node in parsed.nodes}
    kinds = {node.path: node.kind for node in parsed.nodes}
    annotated = {node.path for node in parsed.nodes if node.tasks}
    skipped: list[str] = []
    position = 0
    for node in parsed.nodes:
        if any(node.path.startswith(prefix + "/") for prefix in skipped):
            continue
        if NON_TASK_HEADINGS.search(node.heading or ""):
            skipped.append(node.path)
            continue
        code = node_code(node, numbers, kinds)
        if node.tasks:
            for index, parsed_task in enumerate(node.tasks, start=1):
                position += 1
                suffix = f"-{index}" if len(node.tasks) > 1 else ""
                _task_from_annotation(
                    plan, position, code + suffix, node, parsed_task, stored, registry
                )
            continue
        has_annotated_descendant = any(path.startswith(node.path + "/") for path in annotated)
        has_children = any(path.startswith(node.path + "/") for path in numbers)
        if node.kind in ("chapter", "section", "part") or has_annotated_descendant:
            continue
        if has_children and node.kind != "article":
            continue
        position += 1
        _task_from_suggestion(plan, position, code, node, stored)
        skipped.append(node.path)  # its items are part of this task
    announce_drafted(plan)
    return plan


def _title_of(node: ParsedNode, text: str) -> str:
    if node.heading:
        return node.heading
    sentence = re.split(r"[。；]", text, maxsplit=1)[0]
    return sentence[:80]


def _task_from_annotation(plan, position, code, node, parsed_task, stored, registry) -> Task:
    lead_ids, unresolved = [], []
    for name in parsed_task.lead_units:
        ids = registry.resolve(name)
        lead_ids.extend(ids) if ids else unresolved.append(name)
    participant_ids = []
    for name in parsed_task.participating_units:
        ids = registry.resolve(name)
        participant_ids.extend(ids) if ids else unresolved.append(name)
    task = Task.objects.create(
        plan=plan,
        position=position,
        code=code,
        title=_title_of(node, parsed_task.text)[:300],
        description=parsed_task.text,
        source_node=stored.get(node.path),
        lead_unit_id=lead_ids[0] if lead_ids else None,
        lead_units_written="、".join(parsed_task.lead_units)[:300],
        participating_units_written="、".join(parsed_task.participating_units)[:500],
        unresolved_units=unresolved,
        responsibility_text=parsed_task.responsibility_text[:500],
        suggestions=[s.as_dict() | {"unit_id": s.unit_id} for s in parsed_task.suggestions],
        deadline_text=(parsed_task.deadline or "")[:100],
        due_date=parsed_task.due_date,
        original_due_date=parsed_task.due_date,
        result_form=_result_form(parsed_task.text, parsed_task.deadline or ""),
    )
    # Several leads written (A、B牵头): the first is the lead unit, the others lead with it.
    co_leads = [i for i in dict.fromkeys(lead_ids[1:]) if i != task.lead_unit_id]
    if co_leads:
        task.co_lead_units.add(*co_leads)
    others = [i for i in dict.fromkeys(participant_ids) if i not in lead_ids]
    if others:
        task.participating_units.add(*others)
    return task


def _task_from_suggestion(plan, position, code, node, stored) -> Task:
    suggestions = [s for s in node.suggestions if s.score >= SUGGESTION_MIN_SCORE]
    lead = suggestions[0] if suggestions else None
    participants = [s for s in suggestions[1:4] if lead and s.score >= lead.score / 2]
    task = Task.objects.create(
        plan=plan,
        position=position,
        code=code,
        title=_title_of(node, node.text)[:300],
        description=node.text,
        source_node=stored.get(node.path),
        lead_unit_id=lead.unit_id if lead else None,
        suggestions=[s.as_dict() | {"unit_id": s.unit_id} for s in node.suggestions],
        result_form=_result_form(node.text, ""),
    )
    if participants:
        task.participating_units.add(*[s.unit_id for s in participants])
    return task


def _result_form(text: str, deadline: str) -> str:
    if re.search(r"长期|持续", deadline):
        return Task.ResultForm.ONGOING
    if re.search(r"出台|制定.{0,12}(?:办法|意见|方案|规划|政策|细则|目录)|印发", text):
        return Task.ResultForm.POLICY_ISSUED
    if re.search(r"开工|建成|建设.{0,6}(?:工程|项目)", text):
        return Task.ResultForm.PROJECT_STARTED
    if re.search(r"建立.{0,10}机制|工作机制", text):
        return Task.ResultForm.MECHANISM
    return Task.ResultForm.OTHER


class StaleTaskError(VersionConflict):
    """The task changed since the editor loaded it (its version moved on)."""


TASK_EDITABLE_FIELDS = {
    "code",
    "unresolved_units",
    "title",
    "description",
    "lead_unit",
    "responsible_leader",
    "deadline_text",
    "due_date",
    "result_form",
    "priority",
}


@transaction.atomic
def task_update(
    *,
    task: Task,
    user,
    expected_version: int | None,
    changes: dict,
    participating_units: list[Unit] | None = None,
    reason: str = "",
    approved_by: str = "",
) -> Task:
    """Change a task. Stale edits are refused; after publication every change is a revision
    with its reason, and a deadline change also names who approved it."""
    try:
        locked = lock_version(Task.objects.all(), pk=task.pk, expected_version=expected_version)
    except VersionConflict as conflict:
        raise StaleTaskError(
            conflict.current,
            "该任务已被他人修改，请刷新后再编辑。(The task was changed by someone else.)",
        ) from conflict
    unknown = set(changes) - TASK_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"不可修改的字段：{'、'.join(sorted(unknown))}")
    before = {name: _plain(getattr(locked, name)) for name in changes}
    before_participants = sorted(locked.participating_units.values_list("pk", flat=True))
    for name, value in changes.items():
        setattr(locked, name, value)
    after = {name: _plain(getattr(locked, name)) for name in changes}
    changed = {name: [before[name], after[name]] for name in changes if before[name] != after[name]}
    if participating_units is not None:
        after_participants = sorted(unit.pk for unit in participating_units)
        if after_participants != before_participants:
            changed["participating_units"] = [before_participants, after_participants]
    if not changed:
        return locked
    if locked.plan.is_published:
        if not reason.strip():
            raise ValidationError("方案已发布，修改任务须填写修改原因。")
        if "due_date" in changed and not approved_by.strip():
            raise ValidationError("方案已发布，调整截止日期须注明批准人。")
    if "due_date" in changed and locked.original_due_date is None:
        locked.original_due_date = _date_or_none(before.get("due_date"))
    locked.version += 1
    locked.full_clean(exclude=["plan", "parent", "source_node", "lead_unit"])
    locked.save()
    if participating_units is not None:
        locked.participating_units.set(participating_units)
    if locked.plan.is_published:
        TaskRevision.objects.create(
            task=locked,
            changed_by=user,
            approved_by=approved_by.strip(),
            reason=reason.strip(),
            changes=changed,
            previous_due_date=_date_or_none(changed["due_date"][0])
            if "due_date" in changed
            else None,
            new_due_date=_date_or_none(changed["due_date"][1]) if "due_date" in changed else None,
        )
    announce_tasks_changed([locked.pk])
    return locked


def _plain(value):
    if isinstance(value, Unit):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _date_or_none(value) -> datetime.date | None:
    if isinstance(value, datetime.date) or value is None:
        return value
    return datetime.date.fromisoformat(value)


@transaction.atomic
def task_create(
    *, plan: DivisionPlan, user, title: str, lead_unit: Unit | None = None, **fields
) -> Task:
    """Add a task by hand; after publication this is recorded as a revision of the new task."""
    position = (
        plan.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    task = Task.objects.create(
        plan=plan,
        position=position,
        code=fields.pop("code", "") or _next_code(plan),
        title=title,
        lead_unit=lead_unit,
        **fields,
    )
    if plan.is_published:
        TaskRevision.objects.create(
            task=task,
            changed_by=user,
            reason=fields.get("description", "") or "新增任务",
            changes={"created": True},
        )
    return task


def _next_code(plan: DivisionPlan) -> str:
    """One more than the highest plain number among the plan's codes (26 → 27)."""
    codes = set(plan.tasks.values_list("code", flat=True))
    number = max((int(code) for code in codes if code.isdigit()), default=0) + 1
    while str(number) in codes:
        number += 1
    return str(number)


@transaction.atomic
def task_delete(*, task: Task, user) -> None:
    if task.plan.is_published:
        raise ValidationError("方案已发布，任务不能删除；如需撤销请修改其内容并注明原因。")
    parent_id = task.parent_id
    task.delete()
    if parent_id is not None:
        announce_tasks_changed([parent_id])


@transaction.atomic
def task_split(*, task: Task, user, parts: list[dict]) -> list[Task]:
    """Divide a task among lower-level units (a province among its departments and cities).

    Each part: title, lead_unit, optional due_date/deadline_text. Progress rolls up to the parent.
    """
    if not parts:
        raise ValidationError("至少需要一个子任务。")
    subtasks = []
    plan = task.plan
    next_position = (
        plan.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    existing = task.subtasks.count()
    for offset, part in enumerate(parts):
        if not part.get("title") or part.get("lead_unit") is None:
            raise ValidationError(f"第 {offset + 1} 个子任务缺少名称或牵头单位。")
        subtasks.append(
            Task.objects.create(
                plan=plan,
                parent=task,
                position=next_position + offset,
                code=f"{task.code}-{existing + offset + 1}",
                title=part["title"][:300],
                description=part.get("description", ""),
                lead_unit=part["lead_unit"],
                deadline_text=part.get("deadline_text", task.deadline_text),
                due_date=part.get("due_date", task.due_date),
                original_due_date=part.get("due_date", task.due_date),
                result_form=task.result_form,
                priority=task.priority,
            )
        )
    announce_tasks_changed([subtask.pk for subtask in subtasks])
    return subtasks


@transaction.atomic
def division_plan_publish(*, plan: DivisionPlan, user) -> DivisionPlan:
    """Publish a draft: every task must have a lead unit; afterwards changes are revisions."""
    plan = DivisionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published:
        raise ValidationError("方案已经发布。")
    other = selectors.published_plan_of_same_document(plan)
    if other is not None:
        raise ValidationError(
            f"同一文件已有发布的分工方案：{other.title}。请在该方案中修改任务，不再重复发布。"
        )
    tasks = list(plan.tasks.all())
    if not tasks:
        raise ValidationError("方案中没有任务，不能发布。")
    missing = [task.code for task in tasks if task.lead_unit_id is None]
    if missing:
        raise ValidationError(
            f"以下任务尚未确定牵头单位：{'、'.join(missing[:20])}{'等' if len(missing) > 20 else ''}"
        )
    plan.status = DivisionPlan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.published_by = user
    plan.save()
    announce_tasks_changed([task.pk for task in tasks if task.parent_id is not None])
    return plan


@transaction.atomic
def division_plan_import_table(
    *, user, title: str, rows: list[dict], document: PolicyDocument | None = None, mechanism=None
) -> DivisionPlan:
    """A draft plan from an existing division table, read and checked row by row beforehand
    (exchange.read_division_table): every row becomes a task, or none does."""
    if not rows:
        raise ValidationError("表格中没有任务。")
    plan = DivisionPlan.objects.create(
        title=(title or "导入的任务分工方案")[:300],
        document=document,
        mechanism=mechanism or (document.mechanism if document else None),
    )
    for position, row in enumerate(rows, start=1):
        fields = dict(row)
        participants = fields.pop("participating_units", [])
        co_leads = fields.pop("co_lead_units", [])
        task = Task(
            plan=plan, position=position, original_due_date=fields.get("due_date"), **fields
        )
        task.full_clean(exclude=["plan", "parent", "source_node", "lead_unit"])
        task.save()
        if co_leads:
            task.co_lead_units.set(co_leads)
        if participants:
            task.participating_units.set(participants)
    announce_drafted(plan)
    return plan
