"""How the portal's letter pipeline compares with bare WeasyPrint, and what signing costs.

Run: python bench/letters.py [--runs N] [--soak N]

Renders one two-page letter through letters.pdf (template, QR code, static-only fetcher,
the process-wide font configuration) and the identical HTML with bare WeasyPrint in the same
process, signs the result with letters.signing, then renders it N times in a row watching
the resident memory. The last line reads:

    render_ratio=R sign_fraction=S rss_growth_mb=M

render_ratio   median portal render time / median bare WeasyPrint time   (target <= 1.2)
sign_fraction  median signing time / median portal render time           (target <= 0.5)
rss_growth_mb  resident memory growth over the consecutive renders       (target <= 20)
"""

import argparse
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LETTERS_DEV_SIGNING_DIR", tempfile.mkdtemp(prefix="bench-signing-"))

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
import weasyprint  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from letters import pdf, signing  # noqa: E402

PARAGRAPH = (
    "Chronic pain is real pain, even when tests are normal and the student looks well. "
    "Our approach is to keep {name} in school with short planned breaks, a graded return "
    "to physical education, and clear steps for the health office, so that school stays "
    "part of the treatment and not something to wait for until the pain has gone."
)


def two_page_letter() -> pdf.LetterDocument:
    rows = [
        ("Attendance and schedule", "Late arrival on difficult mornings", "All staff"),
        ("Attendance and schedule", "Rest period in the health office", "School nurse"),
        ("Physical activity and PE", "Graded participation in PE", "PE teacher"),
        ("Pain self-management in class", "Coping skill break at the desk", "Teachers"),
        ("Academics and testing", "Extended time on tests", "Teachers"),
        ("Mobility and environment", "Elevator pass and extra passing time", "All staff"),
    ]
    groups: dict[str, list[pdf.PlanRow]] = {}
    for category, title, who in rows:
        groups.setdefault(category, []).append(
            pdf.PlanRow(
                title=title,
                details="Up to 15 minutes, then back to class; tell the family if used daily.",
                implementer=who,
            )
        )
    body = (
        "".join(f"<p>{PARAGRAPH.format(name='Minh Châu')}</p>" for _ in range(4))
        + "<h2>What helps</h2><ul><li>Planned breaks</li><li>Routine</li><li>Sleep</li></ul>"
    )
    return pdf.LetterDocument(
        language="en",
        title="Accommodation letter",
        clinic_name="Lakeside Children's Pain Clinic",
        clinic_address="100 Example Avenue\nSpringfield, ST 00000",
        clinic_phone="555-0100",
        clinic_email="front-desk@lakeside.example",
        issued_on="March 2, 2026",
        recipient_lines=("Ms. Carmen Díaz", "504 coordinator", "Maple Grove Middle School"),
        subject="School accommodations for Nguyễn Minh Châu",
        student_line="Student: Nguyễn Minh Châu (陈明珠) · Date of birth: April 9, 2012 · Grade: 7",
        body_html=body,
        plan_heading="Accommodations in plan version 3 (review by June 1, 2026)",
        plan_groups=tuple(pdf.PlanGroup(category=c, rows=tuple(r)) for c, r in groups.items()),
        signer_name="Dr. Rowan Example",
        signer_credentials="PhD, Licensed Psychologist",
        signer_license="PSY-40001",
        signed_line="Signed digitally on March 2, 2026",
        verification_code="K7QM-4XRT-9PZD",
        verification_url="http://127.0.0.1:8000/verify/K7QM-4XRT-9PZD/",
        is_development_signature=True,
    )


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each step")
    parser.add_argument("--soak", type=int, default=300, help="renders for the memory check")
    args = parser.parse_args()

    document = two_page_letter()
    html = pdf.render_letter_html(document)
    base = pdf.base_url()

    def portal_render() -> bytes:
        return pdf.render_letter_pdf(document)

    def bare_render() -> bytes:
        return weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_tags=True)

    # Warm both paths (imports, font loading) before timing either.
    portal_render(), bare_render()
    pages = len(PdfReader(io.BytesIO(portal_render())).pages)
    bare_pages = len(PdfReader(io.BytesIO(bare_render())).pages)
    if pages != 2 or bare_pages != 2:
        sys.exit(f"expected a two-page letter, got {pages} (portal) and {bare_pages} (bare)")

    # Interleaved, so that whatever else the machine is doing weighs on both alike.
    bare_times, portal_times = [], []
    for _ in range(args.runs):
        bare_times.append(timed(bare_render, 1)[0])
        portal_times.append(timed(portal_render, 1)[0])
    bare_time, portal_time = statistics.median(bare_times), statistics.median(portal_times)
    unsigned = portal_render()
    signing.loaded_signer()

    def sign() -> bytes:
        return signing.sign_pdf(unsigned, signer_name="Dr. Rowan Example", reason="bench")

    sign_time, signed = timed(sign, args.runs)
    if not signing.check_signature(signed).holds:
        sys.exit("the signed letter does not validate")

    process = psutil.Process()
    gc.collect()
    rss_before = process.memory_info().rss
    for _ in range(args.soak):
        portal_render()
    gc.collect()
    rss_growth_mb = (process.memory_info().rss - rss_before) / (1024 * 1024)

    print(
        f"pages={pages} signer={'development' if signing.signature_is_development() else 'pkcs12'}"
    )
    print(f"bare_weasyprint_median_s={bare_time:.4f}")
    print(f"portal_render_median_s={portal_time:.4f}")
    print(f"sign_median_s={sign_time:.4f}")
    print(f"soak_renders={args.soak}")
    print(
        f"render_ratio={portal_time / bare_time:.3f} "
        f"sign_fraction={sign_time / portal_time:.3f} "
        f"rss_growth_mb={rss_growth_mb:.1f}"
    )


if __name__ == "__main__":
    main()
