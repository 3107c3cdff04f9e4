"""Tabular inlines whose inputs have names a screen reader can read.

A tabular inline prints each field's label once, as its column's heading; the inputs in
the rows have no <label> of their own, so assistive technology (and axe's `label` and
`select-name` rules) find them unnamed. Every visible input of a row takes its column's
label as its `aria-label`, the formset's "Delete" checkbox included.
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", capfirst(field.label or name))


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
