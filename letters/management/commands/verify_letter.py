"""Check a letter PDF from a shell; exit 0 only for a valid, current letter of this clinic."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from letters import verification

EXIT_NOT_VALID_CURRENT = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = (
        "Check that a PDF is exactly a letter the clinic issued, that its signature holds, and "
        "that it is current. Exits 0 only for a valid, current letter; 1 for anything else; "
        "2 if the file cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the letter, as a PDF file")

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}", returncode=EXIT_UNREADABLE) from None
        result = verification.check_file(data)
        signature = result.signature
        letter = result.letter
        lines = [
            f"file: {file}",
            f"sha256: {result.sha256}",
            f"issued by this clinic: {'yes' if result.matches_issued_letter else 'no'}",
            "signature: "
            + (
                "holds (intact, trusted, covers the whole file)"
                if signature.holds
                else "found, does NOT hold"
                if signature.found
                else "none found"
            ),
        ]
        if result.matches_issued_letter:
            lines += [
                f"status: {letter.state}",
                f"code: {letter.code}",
                f"student: {letter.student_initials}",
                f"issued: {letter.issued_on:%Y-%m-%d}",
                f"signed by: {letter.signer}",
                f"clinic: {letter.clinic}",
            ]
            if letter.replaced_on:
                lines.append(f"replaced by the letter of: {letter.replaced_on:%Y-%m-%d}")
            if letter.revoked_on:
                lines.append(f"revoked on: {letter.revoked_on:%Y-%m-%d}")
        self.stdout.write("\n".join(lines))
        if result.is_valid_current_letter:
            self.stdout.write(self.style.SUCCESS("VALID: a current letter issued by the clinic"))
            return
        raise CommandError(
            "NOT VALID: not a current letter issued by the clinic",
            returncode=EXIT_NOT_VALID_CURRENT,
        )
