import re

import markdown
import pytest

from letters.template_data import LETTER_TEMPLATES, PLACEHOLDERS

KINDS = {
    "accommodation",
    "return_to_school",
    "pe_modification",
    "device_precautions",
    "absence_excuse",
}
FIELDS = {"code", "kind", "title", "subject", "body"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WELL_FORMED = re.compile(r"\{\{ ([a-z_]+) \}\}")
ANY_BRACES = re.compile(r"\{\{.*?\}\}|\{%|%\}|\{\{|\}\}")
BLOCK_PLACEHOLDERS = ("plan_items", "device_emergency_steps")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
SIGN_OFFS = re.compile(r"^(sincerely|kind regards|best regards|yours|warm regards)\b", re.I | re.M)


def _ids(template: dict[str, str]) -> str:
    return template["code"]


def _sample_values() -> dict[str, str]:
    values = {name: f"[{name}]" for name in PLACEHOLDERS}
    values["plan_items"] = "- Elevator pass\n- Extra passing time"
    values["device_emergency_steps"] = "1. Call the pump clinic\n2. Call the family"
    return values


def _fill(text: str) -> str:
    values = _sample_values()
    return WELL_FORMED.sub(lambda match: values[match.group(1)], text)


def test_every_letter_kind_has_a_template():
    assert {template["kind"] for template in LETTER_TEMPLATES} == KINDS


def test_template_codes_are_unique_slugs():
    codes = [template["code"] for template in LETTER_TEMPLATES]
    assert len(codes) == len(set(codes))
    assert all(SLUG.match(code) and len(code) <= 50 for code in codes)


def test_every_placeholder_is_described_and_used_somewhere():
    assert all(description.strip() for description in PLACEHOLDERS.values())
    used = {
        name
        for template in LETTER_TEMPLATES
        for field in ("subject", "body")
        for name in WELL_FORMED.findall(template[field])
    }
    assert used == set(PLACEHOLDERS)


@pytest.mark.parametrize("template", LETTER_TEMPLATES, ids=_ids)
def test_each_template_has_exactly_the_expected_non_empty_fields(template):
    assert set(template) == FIELDS
    assert all(template[field].strip() for field in FIELDS)
    assert "\n" not in template["subject"]


@pytest.mark.parametrize("template", LETTER_TEMPLATES, ids=_ids)
def test_each_template_uses_only_known_placeholders_in_the_exact_syntax(template):
    for field in ("subject", "body"):
        for name in WELL_FORMED.findall(template[field]):
            assert name in PLACEHOLDERS, name
        leftover = ANY_BRACES.findall(WELL_FORMED.sub("", template[field]))
        assert leftover == [], leftover


@pytest.mark.parametrize("template", LETTER_TEMPLATES, ids=_ids)
def test_each_template_names_the_student(template):
    assert "{{ student_name }}" in template["body"]
    assert "{{ student_name }}" in template["subject"]


@pytest.mark.parametrize("template", LETTER_TEMPLATES, ids=_ids)
def test_block_placeholders_sit_alone_between_blank_lines(template):
    lines = template["body"].split("\n")
    for name in BLOCK_PLACEHOLDERS:
        token = f"{{{{ {name} }}}}"
        for index, line in enumerate(lines):
            if token in line:
                assert line == token, line
                assert lines[index - 1] == "" and lines[index + 1] == ""


@pytest.mark.parametrize("template", LETTER_TEMPLATES, ids=_ids)
def test_each_body_is_markdown_without_html_or_a_signature(template):
    body = template["body"]
    assert not HTML_TAG.search(body)
    assert not SIGN_OFFS.search(body)


@pytest.mark.parametrize("template", LETTER_TEMPLATES, ids=_ids)
def test_each_body_renders_its_lists_and_headings(template):
    html = markdown.markdown(_fill(template["body"]))
    assert "<h2>" in html
    if "{{ plan_items }}" in template["body"]:
        assert "<li>Elevator pass</li>" in html
    if "{{ device_emergency_steps }}" in template["body"]:
        assert "<li>Call the pump clinic</li>" in html


def test_the_plan_based_letters_list_the_plan_items():
    by_kind = {template["kind"]: template["body"] for template in LETTER_TEMPLATES}
    for kind in ("accommodation", "return_to_school", "pe_modification"):
        assert "{{ plan_items }}" in by_kind[kind]


def test_the_device_letter_carries_the_device_and_its_emergency_steps():
    body = next(t["body"] for t in LETTER_TEMPLATES if t["kind"] == "device_precautions")
    assert "{{ device_name }}" in body
    assert "{{ device_emergency_steps }}" in body
