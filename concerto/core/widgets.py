"""Form widgets that matter for speed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template per option; the HTML is the same.

    Django renders each option through a template. With the units and organisations of every
    prison in the catalogue's filters (hundreds of options) that was most of the page's time.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # Straight from the choices: Django's get_context builds a dict per option, which cost
        # as much as the templates did (hundreds of options on the public offer's filters).
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = set(self.format_value(value))
        html: list[str] = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        chosen = False

        def option(option_value: Any, label: Any) -> str:
            nonlocal chosen
            text = "" if option_value is None else str(option_value)
            selected = text in wanted and (self.allow_multiple_selected or not chosen)
            chosen = chosen or selected
            # escape() and plain strings rather than format_html: this runs for every option.
            return f'<option value="{escape(text)}"{" selected" if selected else ""}>{escape(label)}</option>'

        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                html.append(format_html('<optgroup label="{}">', group_value))
                html.extend(option(option_value, label) for option_value, label in group_label)
                html.append("</optgroup>")
            else:
                html.append(option(group_value, group_label))
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
