"""Forms for policy pages: document import, the task row editor, splitting, table import."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.forms import DateInput
from zhenxing.orgs.models import Unit
from zhenxing.policies.exchange.table_import import TABLE_SUFFIXES
from zhenxing.policies.extract import FORMATS, MAX_FILE_BYTES, SAVE_AS_DOCX
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.selectors import (
    UnitResolver,
    deadline_display,
    deadline_from_text,
    split_unit_names,
)


def check_upload(upload, suffixes) -> None:
    """Refuse wrong types, empty and oversized files before anything reads them."""
    suffix = PurePath(upload.name).suffix.lower()
    if suffix in SAVE_AS_DOCX and suffix not in suffixes:
        raise forms.ValidationError(
            _("不支持的文件类型“%(suffix)s”：请在 Word 或 WPS 中打开，“另存为” .docx 后再上传。"),
            params={"suffix": suffix},
        )
    if suffix not in suffixes:
        raise forms.ValidationError(
            _("不支持的文件类型“%(suffix)s”，请上传 %(allowed)s 文件。"),
            params={"suffix": suffix or upload.name, "allowed": "、".join(sorted(set(suffixes)))},
        )
    if upload.size == 0:
        raise forms.ValidationError(_("上传的文件是空的。"))
    if upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(
            _("文件过大（%(size).1f MB），上限为 %(limit)d MB。"),
            params={"size": upload.size / 1048576, "limit": MAX_FILE_BYTES // 1048576},
        )


class DocumentImportForm(forms.Form):
    text = forms.CharField(
        label=_("粘贴正文"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        error_messages={"empty": _("上传的文件是空的。")},
        help_text=_(
            "支持 .txt、.docx、.pdf（扫描件先识别出文字，核对后再导入）和保存的网页（.html），"
            "不超过 20 MB。"
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.text,.docx,.pdf,.html,.htm,.shtml,.xhtml"}
        ),
    )
    title = forms.CharField(label=_("标题"), max_length=300, required=False)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issuer_unit = forms.ModelChoiceField(
        label=_("发文单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("省、市文件请选择发文单位，以便按本地区单位识别“省发展改革委”等简称。"),
    )
    issued_on = forms.DateField(label=_("成文日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer_unit"].queryset = (
            Unit.objects.current()
            .exclude(kind__in=[Unit.Kind.INTERNAL_DEPARTMENT, Unit.Kind.LEADING_GROUP])
            .order_by("sort_order", "full_name")
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload, tuple(FORMATS))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("请粘贴文件正文，或上传一个文件。"))
        return cleaned


class TableImportForm(forms.Form):
    file = forms.FileField(
        label=_("分工表（Excel 或 Word）"),
        error_messages={"empty": _("上传的文件是空的。")},
        help_text=_(
            "表头可写作：序号/编号、重点任务/任务内容/工作任务、牵头单位/牵头部门/责任单位、参加单位/配合单位/协办单位、完成时限/时间节点。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.docx"}),
    )
    title = forms.CharField(
        label=_("方案名称"), max_length=300, required=False, help_text=_("留空则取表格标题。")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, TABLE_SUFFIXES)
        return upload


class TaskChoiceField(forms.ModelChoiceField):
    """One task, shown by its number and the start of its title."""

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title[:50]}"


class TasksField(forms.ModelMultipleChoiceField):
    """Several tasks, shown by their numbers and the start of their titles."""

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title[:50]}"


class UnitNamesField(forms.CharField):
    """Unit names separated by 、 or commas, as people write them."""

    def to_python(self, value):
        return split_unit_names(super().to_python(value))


class TaskForm(forms.Form):
    """One task in the plan's row editor. After publication a reason is required, and a
    deadline change also names who approved it (the service enforces both)."""

    code = forms.CharField(label=_("编号"), max_length=30)
    title = forms.CharField(label=_("重点任务"), max_length=300)
    lead_unit = forms.CharField(label=_("牵头单位"), max_length=120, required=False)
    responsible_leader = forms.CharField(
        label=_("分管领导"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如 副市长 张某某")}),
    )
    participants = UnitNamesField(
        label=_("参加单位"),
        required=False,
        help_text=_("多个单位用顿号“、”分隔；无法识别的名称保留原文并标出。"),
    )
    deadline = forms.CharField(
        label=_("完成时限"),
        max_length=100,
        required=False,
        help_text=_("如 2026年6月底前、2026-06-30、长期坚持"),
        widget=forms.TextInput(attrs={"placeholder": _("如 2026年6月底前")}),
    )
    result_form = forms.ChoiceField(label=_("成果形式"), choices=Task.ResultForm.choices)
    priority = forms.ChoiceField(label=_("优先级"), choices=Task.Priority.choices)
    reason = forms.CharField(label=_("修改原因"), max_length=500, required=False)
    approved_by = forms.CharField(label=_("批准人"), max_length=120, required=False)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        plan = task.plan
        self.issuer = plan.document.issuer_unit if plan.document_id else None
        kwargs.setdefault("initial", self.initial_for(task))
        super().__init__(*args, **kwargs)
        if not plan.is_published:
            del self.fields["reason"]
            del self.fields["approved_by"]
        else:
            self.fields["reason"].required = True

    @staticmethod
    def initial_for(task: Task) -> dict:
        participants = [unit.full_name for unit in task.participating_units.all()]
        return {
            "code": task.code,
            "title": task.title,
            "lead_unit": task.lead_unit.full_name if task.lead_unit else "",
            "responsible_leader": task.responsible_leader,
            "participants": "、".join(participants + list(task.unresolved_units)),
            "deadline": deadline_display(task),
            "result_form": task.result_form,
            "priority": task.priority,
            "expected_version": task.version,
        }

    def clean_lead_unit(self):
        name = "".join(self.cleaned_data["lead_unit"].split())
        if not name:
            return None
        units, _unresolved = UnitResolver([name], within=self.issuer).resolve([name])
        if not units:
            raise forms.ValidationError(
                _("未找到单位“%(name)s”，请从列表中选择。"), params={"name": name}
            )
        return units[0]

    def clean_deadline(self):
        try:
            return deadline_from_text(self.cleaned_data["deadline"])
        except ValueError as error:
            raise forms.ValidationError(_("日期无效，请检查年月日。")) from error

    def clean(self):
        cleaned = super().clean()
        names = cleaned.get("participants") or []
        units, unresolved = UnitResolver(names, within=self.issuer).resolve(names)
        lead = cleaned.get("lead_unit")
        cleaned["participating_units"] = [unit for unit in units if unit != lead]
        cleaned["unresolved_units"] = unresolved
        return cleaned

    def changes(self) -> dict:
        """The task fields the service is asked to set."""
        data = self.cleaned_data
        deadline_text, due_date = data["deadline"]
        return {
            "code": data["code"],
            "title": data["title"],
            "lead_unit": data["lead_unit"],
            "responsible_leader": data["responsible_leader"].strip(),
            "deadline_text": deadline_text,
            "due_date": due_date,
            "result_form": data["result_form"],
            "priority": data["priority"],
            "unresolved_units": data["unresolved_units"],
        }


class TaskCreateForm(forms.Form):
    title = forms.CharField(label=_("重点任务"), max_length=300)
    lead_unit = forms.CharField(label=_("牵头单位"), max_length=120, required=False)
    deadline = forms.CharField(label=_("完成时限"), max_length=100, required=False)

    def __init__(self, *args, plan: DivisionPlan, **kwargs):
        self.issuer = plan.document.issuer_unit if plan.document_id else None
        super().__init__(*args, **kwargs)

    clean_lead_unit = TaskForm.clean_lead_unit
    clean_deadline = TaskForm.clean_deadline


class SubtaskForm(forms.Form):
    title = forms.CharField(label=_("子任务"), max_length=300, required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Unit.objects.none(), required=False
    )
    deadline = forms.CharField(label=_("完成时限"), max_length=100, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["lead_unit"].queryset = units

    clean_deadline = TaskForm.clean_deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("lead_unit"):
            self.add_error("lead_unit", _("请选择牵头单位。"))
        if cleaned.get("lead_unit") and not cleaned.get("title"):
            self.add_error("title", _("请填写子任务内容。"))
        return cleaned


class BaseSubtaskFormSet(forms.BaseFormSet):
    def parts(self) -> list[dict]:
        """Filled rows as the task_split service takes them."""
        parts = []
        for form in self.forms:
            data = form.cleaned_data
            if not data.get("title"):
                continue
            deadline_text, due_date = data.get("deadline") or ("", None)
            part = {"title": data["title"], "lead_unit": data["lead_unit"]}
            if deadline_text:
                part |= {"deadline_text": deadline_text, "due_date": due_date}
            parts.append(part)
        return parts

    def clean(self):
        if not any(self.errors) and not self.parts():
            raise forms.ValidationError(_("请至少填写一个子任务。"))


SubtaskFormSet = forms.formset_factory(
    SubtaskForm, formset=BaseSubtaskFormSet, extra=3, max_num=30, validate_max=True
)


class MyTaskFilterForm(forms.Form):
    ROLE_CHOICES = [("", _("全部")), ("lead", _("牵头")), ("participant", _("参加"))]
    DUE_CHOICES = [
        ("", _("全部")),
        ("overdue", _("已逾期")),
        ("soon", _("30 天内到期")),
        ("standing", _("长期/持续")),
    ]

    q = forms.CharField(label=_("关键词"), required=False)
    plan = forms.ModelChoiceField(
        label=_("分工方案"),
        queryset=DivisionPlan.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES, required=False)
    due = forms.ChoiceField(label=_("完成时限"), choices=DUE_CHOICES, required=False)

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans


class ListFilterForm(forms.Form):
    """Search and filters over the documents, plans and tasks lists (GET; pagination keeps
    them): text, status, unit and a deadline range (for documents, their date of issue)."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("单位"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("全部单位"),
    )
    due_from = forms.DateField(label=_("完成时限自"), required=False, widget=DateInput)
    due_to = forms.DateField(label=_("至"), required=False, widget=DateInput)

    def __init__(self, *args, statuses=None, date_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if date_label:
            self.fields["due_from"].label = date_label
        self.fields["unit"].queryset = Unit.objects.current().exclude(
            kind=Unit.Kind.INTERNAL_DEPARTMENT
        )
        if statuses is not None:
            self.fields["status"] = forms.ChoiceField(
                label=_("状态"), required=False, choices=[("", _("全部"))] + list(statuses)
            )
            self.order_fields(["q", "status"])

    def filtered(self, rows, selector):
        """`rows` through the selector with what was asked; all of them when the form is empty
        or wrong (an impossible date shows its error beside the field)."""
        return selector(rows, self.cleaned_data) if self.is_valid() else rows
