"""The printed report says what the committee wrote (issue 12, part 5): the text of the PDF and of the Word file,
compared with the source sentence by sentence, differs only where data/2023/decisions.yml says so — an editorial
decision's `changes` (a document number's correction only once its decision is approved) or a listed typo fix
(`corrections`).

Expectations come from the source text (data/2023/signed.txt, the same reader as tests/test_content.py) and from the data
files read here with PyYAML; the PDF and the Word file are made by the real commands and read with pypdf and
python-docx. Typography is not a difference here: quotes, ellipses, spaces, letter case (a part's heading prints in
capitals), dd/mm/yyyy for d/m/yyyy, a heading's closing colon and the "-" list markers — what PDF and Word text
extraction blurs. The typography itself is compared, and listed in the review copy, by `check` and the build
(macros/data/fidelity.py; tests/test_signed_text.py): this file holds the PDF and the Word file to the same words.
"""
from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys

import docx
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT
from test_content import DATA, YEAR, Seed, expected_source, normalise, seed_path

pytestmark = pytest.mark.build   # every test here reads a site, a PDF or a Word file built for it

MAX_SHOWN = 12


# --------------------------------------------------------------------------- what may differ, from the data

def decisions_yml() -> dict:
    return yaml.safe_load((DATA / "decisions.yml").read_text(encoding="utf-8"))


def gated_decisions() -> set:
    """Decisions whose change prints only once approved: a document number the source may have mistyped."""
    docs = yaml.safe_load((DATA / "documents.yml").read_text(encoding="utf-8"))["documents"]
    return {d["decision"] for d in docs.values() if d.get("corrected_number")}


PROPOSAL_NOTE = "[đề nghị sửa, chờ Ban Thường vụ duyệt]"   # issue 23: printed after a change not yet approved


def pending_form(source: str, published: str) -> str:
    """How a draft prints a change not yet approved: the words both texts share once, the source's own words (struck
    through), the proposed words (underlined), the note."""
    a, b = source.split(), published.split()
    s = 0
    while s < min(len(a), len(b)) and a[s] == b[s]:
        s += 1
    e = 0
    while e < min(len(a), len(b)) - s and a[-1 - e] == b[-1 - e]:
        e += 1
    lead, trail = source[:len(source) - len(source.lstrip())], source[len(source.rstrip()):]
    return lead + " ".join(a[:s] + a[s:len(a) - e] + b[s:len(b) - e] + [PROPOSAL_NOTE] + a[len(a) - e:]) + trail


def allowed_changes(data: dict, gated: set) -> list[tuple[str, str, str]]:
    """(source words, printed words, why) of every change the print may make: a decision not yet approved prints as
    a proposal beside the source's words (gated or not), an approved one as the published words."""
    out = [(c["source"], c["published"], "lỗi gõ / typo fix") for c in data.get("corrections") or []]
    for key, d in data["decisions"].items():
        why = f"ghi chú biên tập / decision {key}"
        for c in d.get("changes") or []:
            printed = c["published"] if d.get("approval") else pending_form(c["source"], c["published"])
            out.append((c["source"], printed, why))
    return out


# --------------------------------------------------------------------------- words and sentences

def words(text: str) -> list[str]:
    """Typography left out: normalise() (quotes, ellipses, spaces, case, dates), a closing colon, list markers."""
    out = []
    for token in normalise(text).split():
        token = token.rstrip(":")
        if token and token not in ("-", "+", "•"):
            out.append(token)
    return out


def source_words(seed: Seed) -> tuple[list[str], list[int], list[str]]:
    """The source's words in order, the sentence each belongs to, and the sentences (type, summary, sections)."""
    sentences = [seed.document_type, seed.summary] + [text for _, text in seed.items]
    tokens, owner = [], []
    for n, sentence in enumerate(sentences):
        w = words(sentence)
        tokens += w
        owner += [n] * len(w)
    return tokens, owner, sentences


def differences(seed: Seed, printed: str) -> list[str]:
    """Every place where the printed words differ from the source's, named by the source sentence."""
    expected, owner, sentences = source_words(seed)
    got = words(printed)
    start = next((i for i in range(len(got)) if got[i:i + 4] == expected[:4]), None)
    if start is None:
        return [f"the printed text does not contain the title: {' '.join(expected[:8])}"]
    got = got[start:]
    out = []
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        sentence = sentences[owner[min(i1, len(owner) - 1)]]
        out.append(f"{op}: bản gốc / source “{' '.join(expected[i1:i2])}” — bản in / print “{' '.join(got[j1:j2])}”\n"
                   f"    trong câu / in: {sentence[:160]}")
    return out


def body_before_signature(text: str) -> tuple[str, str]:
    """The printed text up to the signature block ('Nơi nhận:'), and the block."""
    at = text.rfind("Nơi nhận")
    assert at > 0, "no 'Nơi nhận' in the printed text"
    return text[:at], text[at:]


# --------------------------------------------------------------------------- the printed files

def pdf_text(path) -> str:
    """Every page's text; a page's number (the first line from page 2, beside a draft's DỰ THẢO) left out."""
    pages = []
    for n, page in enumerate(PdfReader(str(path)).pages, 1):
        lines = page.extract_text().split("\n")
        if n > 1 and lines and re.fullmatch(rf"{n}(?:\s+DỰ THẢO)?", lines[0].strip()):
            lines = lines[1:]
        pages.append("\n".join(lines))
    return "\n".join(pages)


def docx_text(path) -> str:
    """The Word file's paragraphs in order, those of its tables (header, signature) included."""
    document = docx.Document(str(path))
    return "\n".join(docx.text.paragraph.Paragraph(p, document).text
                     for p in document.element.body.iter(docx.oxml.ns.qn("w:p")))


def run_command(*args) -> None:
    result = subprocess.run([sys.executable, "-m", "macros", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert result.returncode == 0, f"python -m macros {' '.join(map(str, args))}:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def source():
    return seed_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def expected(source):
    seed, stale = expected_source(source, allowed_changes(decisions_yml(), gated_decisions()))
    assert not stale, "decisions.yml names words the source does not have:\n" + "\n".join(stale)
    return seed


@pytest.fixture(scope="module")
def printed_pdf(site_pdf):
    assert YEAR == 2023   # the year conftest's site_pdf prints
    return pdf_text(site_pdf)


@pytest.fixture(scope="module")
def printed_docx(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("fidelity") / "bao-cao.docx"
    run_command("docx", "--site", site, "--year", YEAR, "--out", out)
    return docx_text(out)


# --------------------------------------------------------------------------- the tests

def test_every_change_names_words_of_the_source(source):
    data = decisions_yml()
    everything = allowed_changes(data, set())      # approved or not, every change must name the source's words
    _, stale = expected_source(source, everything)
    assert len(everything) >= 10
    assert not stale, "\n".join(stale)


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_print_is_the_source_sentence_by_sentence(kind, expected, request):
    text = request.getfixturevalue(f"printed_{kind}")
    body, signature = body_before_signature(text)
    found = differences(expected, body)
    assert not found, (f"{len(found)} chỗ bản in ({kind}) khác bản gốc mà không có ghi chú biên tập hay sửa lỗi gõ "
                       f"nào nói vậy / differences not covered by decisions.yml:\n" + "\n".join(found[:MAX_SHOWN]))
    assert expected.closing and normalise(expected.closing) in normalise(signature)   # "BÍ THƯ"


def test_a_difference_is_found(expected):
    """The comparison can fail: a word dropped, a word added, a figure changed, each is named with its sentence."""
    body = "\n".join([expected.document_type, expected.summary] + [t for _, t in expected.items])
    assert differences(expected, body) == []
    paragraph = next(t for k, t in expected.items if k == "paragraph" and "58 tỷ" in t)
    for wrong in (body.replace("58 tỷ", "58 tỷ đồng"), body.replace(paragraph, paragraph.replace("khoản ", "")),
                  body.replace("Đội ứng cứu", "Đội ứng cứu khẩn cấp")):
        found = differences(expected, wrong)
        assert len(found) == 1, found
    assert "58 tỷ" in differences(expected, body.replace("58 tỷ", "58 tỷ đồng"))[0]
