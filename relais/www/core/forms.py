from django import forms
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates


class DsfrModelForm(forms.ModelForm, DsfrBaseForm):
    """A ModelForm rendered with the DSFR field snippets."""


class LengthLimitRenderer(DsfrDjangoTemplates):
    """The forms' renderer (`FORM_RENDERER`): the DSFR templates, and no `maxlength` on any field.

    A browser stops typing at `maxlength` and cuts a pasted text without a word. The limit goes to
    `data-maxlength` instead: `relais/length-counter.js` shows a counter and warns past it, and the
    field's own validation refuses the text with a message that gives both lengths, the text kept.
    """

    def render(self, template_name, context, request=None):
        attrs = context.get("widget", {}).get("attrs") if isinstance(context.get("widget"), dict) else None
        if attrs and "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
        return super().render(template_name, context, request=request)
