"""How the API's student list compares with a plain Django view returning the same rows.

Run: python bench/api.py [--seconds N] [--rounds N] [--keep]

Creates the PostgreSQL database `bench_api` (127.0.0.1:5432, user postgres; dropped at the end
unless --keep), migrates it, loads 10,000 students with 100,000 care notes and 100,000 weekly
check-ins (COPY), and serves the portal with gunicorn (2 sync workers). Then, in the same run
and alternating rounds, it loads two addresses with 20 concurrent clients (wrk if installed,
else a thread pool with http.client), both authenticated with the same personal API token of a
psychologist whose caseload is 250 of the 10,000 students:

  /api/v1/students/              the API endpoint (page 1 of 5: 50 students)
  /bench/plain/students/         a plain Django view: the same selector, the same 50 rows
                                 and columns, serialised with JsonResponse; defined in this
                                 file's URLconf

Each response carries the number of SQL queries it made (a header added by this file's
URLconf only). The last line reads:

    list_ratio=R p95_ms=P queries=Q

list_ratio  requests per second of the API / of the plain view        (target >= 0.5)
p95_ms      95th percentile latency of the API at 20 clients, in ms     (target < 100);
            with 20 clients always waiting on 2 workers it is at least 20 / (requests per
            second), so it measures the same cost as the ratio, from the client's side
queries     SQL queries per API request; the same for 10, 50 and 200 rows (else "varies")
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bench_api"
DB_SERVER = "postgres://postgres@127.0.0.1:5432"
CLIENTS = 20
API_PATH = "/api/v1/students/"
PLAIN_PATH = "/bench/plain/students/"
STUDENTS = 10_000
NOTES_PER_STUDENT = 10
CHECKINS_PER_STUDENT = 10
PSYCHOLOGISTS = 40  # a caseload of 250 students each
SCHOOLS = 200


# When gunicorn imports this file as `bench.api`, it is the settings module and the URLconf ----

if __name__ != "__main__":
    from portal.settings import *  # noqa: F403

    ROOT_URLCONF = "bench.api"
    # The PostgreSQL session settings (no JIT, SSD page costs) come from portal.settings.

    _patterns: list = []

    def _counted(view):
        """The view, with the number of SQL queries it made in an X-Queries header."""
        from django.db import connection
        from django.views.decorators.csrf import csrf_exempt

        def wrapped(request, *args, **kwargs):
            made = 0

            def count(execute, sql, params, many, context):
                nonlocal made
                made += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            response["X-Queries"] = str(made)
            return response

        return csrf_exempt(wrapped)

    def plain_students(request):
        """The baseline: the same students, authenticated the same way, as plain JSON."""
        from django.http import JsonResponse

        from accommodations.selectors import students_visible_to
        from portal.api import tokens

        header = request.headers.get("Authorization", "")
        token = tokens.authenticate(header.removeprefix("Bearer ").strip())
        if token is None:
            return JsonResponse({"detail": "Not authenticated."}, status=401)
        rows = list(
            students_visible_to(token.user)
            .order_by("last_name", "first_name", "id")
            .values(
                "id",
                "first_name",
                "last_name",
                "preferred_name",
                "grade",
                "school_id",
                "school__name",
            )[:50]
        )
        return JsonResponse({"results": rows})

    def __getattr__(name):  # the URLconf, built once Django is ready
        if name != "urlpatterns":
            raise AttributeError(name)
        if not _patterns:
            from django.urls import path

            import portal.urls
            from accommodations.api.views.students import StudentList

            _patterns.extend(
                [
                    path(PLAIN_PATH.lstrip("/"), _counted(plain_students)),
                    path(API_PATH.lstrip("/"), _counted(StudentList.as_view())),
                    *portal.urls.urlpatterns,
                ]
            )
        return _patterns


# The run --------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_env(var_dir: str) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"{DB_SERVER}/{DB_NAME}",
        "DB_CONN_MAX_AGE": "600",
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
        # The benchmark measures throughput; the API's rate limits would measure themselves.
        "API_THROTTLE_USER": "off",
        "API_THROTTLE_ANON": "off",
    }


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{DB_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def create_database() -> None:
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB_NAME}")


def drop_database() -> None:
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load(env: dict) -> str:
    """Fill the database; returns the bench psychologist's token."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accommodations.models import CareTeamMember, School, SchoolStaff
    from portal.accounts.models import Organization, User
    from portal.api import tokens

    random.seed(20260301)
    now = timezone.now()
    clinic = Organization.objects.create(name="Lakeside Children's Pain Clinic", slug="lakeside")
    schools = School.objects.bulk_create(
        School(name=f"School {index:03d}") for index in range(SCHOOLS)
    )
    unusable = "!"  # no password: these people never sign in
    psychologists = User.objects.bulk_create(
        User(
            email=f"psychologist{index}@lakeside.example",
            full_name=f"Psychologist {index}",
            organization=clinic,
            password=unusable,
        )
        for index in range(PSYCHOLOGISTS)
    )
    nurses = User.objects.bulk_create(
        User(email=f"nurse{index}@school.example", full_name=f"Nurse {index}", password=unusable)
        for index in range(SCHOOLS)
    )
    SchoolStaff.objects.bulk_create(
        SchoolStaff(user=nurse, school=school, role=SchoolStaff.Role.NURSE)
        for nurse, school in zip(nurses, schools, strict=True)
    )
    raw = connection.connection
    first = ["Avery", "Mia", "Leo", "Noah", "Ava", "Sam", "Zoe", "Eli", "Ivy", "Max"]
    last = ["Garcia", "Nguyen", "Smith", "Okafor", "Kowalski", "Haddad", "Silva", "Chen"]
    with raw.cursor() as cursor:
        log("loading users and students")
        copy_rows(
            cursor,
            "accounts_user",
            [
                "password",
                "is_superuser",
                "email",
                "full_name",
                "is_org_admin",
                "time_zone",
                "language",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (
                (
                    unusable,
                    False,
                    f"parent{index}@family.example",
                    f"Parent {index}",
                    False,
                    "America/New_York",
                    "en",
                    False,
                    True,
                    now,
                )
                for index in range(STUDENTS)
            ),
        )
        cursor.execute("SELECT min(id) FROM accounts_user WHERE email LIKE 'parent%%'")
        first_parent = cursor.fetchone()[0]
        copy_rows(
            cursor,
            "accommodations_student",
            [
                "organization_id",
                "first_name",
                "last_name",
                "preferred_name",
                "date_of_birth",
                "school_id",
                "grade",
                "family_language",
                "device_type",
                "device_description",
                "device_emergency_contacts",
                "device_warning_signs",
                "device_emergency_steps",
                "device_do_nots",
                "created_at",
            ],
            (
                (
                    clinic.pk,
                    f"{random.choice(first)}{index}",
                    random.choice(last),
                    "",
                    date(2008, 1, 1) + timedelta(days=index % 3000),
                    schools[index % SCHOOLS].pk,
                    str(6 + index % 7),
                    "English",
                    "none",
                    "",
                    "",
                    "",
                    "",
                    "",
                    now,
                )
                for index in range(STUDENTS)
            ),
        )
        cursor.execute("SELECT id FROM accommodations_student ORDER BY id")
        student_ids = [row[0] for row in cursor.fetchall()]
        copy_rows(
            cursor,
            "accommodations_careteammember",
            ["user_id", "student_id", "role", "added_at"],
            (
                (psychologists[index % PSYCHOLOGISTS].pk, student_id, "psychologist", now)
                for index, student_id in enumerate(student_ids)
            ),
        )
        copy_rows(
            cursor,
            "accommodations_guardianship",
            ["guardian_id", "student_id", "relationship"],
            (
                (first_parent + index, student_id, "Parent")
                for index, student_id in enumerate(student_ids)
            ),
        )
        copy_rows(
            cursor,
            "accommodations_release",
            [
                "student_id",
                "school_id",
                "granted_by_id",
                "scope_plan",
                "scope_letters",
                "scope_updates",
                "scope_notes",
                "covers_nurse",
                "covers_counselor",
                "covers_teacher",
                "covers_administrator",
                "starts_at",
                "expires_at",
                "created_at",
            ],
            (
                (
                    student_id,
                    schools[index % SCHOOLS].pk,
                    first_parent + index,
                    True,
                    True,
                    index % 4 == 0,
                    index % 3 == 0,
                    True,
                    True,
                    False,
                    False,
                    now - timedelta(days=30),
                    now + timedelta(days=300),
                    now,
                )
                for index, student_id in enumerate(student_ids)
                if index % 2 == 0
            ),
        )
        log("loading 100,000 care notes")
        copy_rows(
            cursor,
            "accommodations_carenote",
            ["student_id", "author_id", "visibility", "body", "created_at"],
            (
                (
                    student_id,
                    psychologists[index % PSYCHOLOGISTS].pk,
                    ("care_team", "family", "school")[note % 3],
                    "Discussed pacing for the week; practising breathing before PE.",
                    now - timedelta(days=note * 7),
                )
                for index, student_id in enumerate(student_ids)
                for note in range(NOTES_PER_STUDENT)
            ),
        )
        log("loading 100,000 weekly check-ins")
        monday = date(2025, 9, 1)
        copy_rows(
            cursor,
            "accommodations_checkin",
            [
                "student_id",
                "submitted_by_id",
                "week_of",
                "pain_now",
                "pain_average",
                "pain_worst",
                "days_full",
                "days_partial",
                "days_missed",
                "health_office_visits",
                "sleep_quality",
                "mood",
                "comments",
                "message_to_school",
                "created_at",
            ],
            (
                (
                    student_id,
                    first_parent + index,
                    monday + timedelta(weeks=week),
                    week % 8,
                    week % 6,
                    6 + week % 5,
                    3,
                    1,
                    1,
                    week % 3,
                    "fair",
                    3,
                    "Tired after PE.",
                    "Rest break after PE, please." if week % 2 else "",
                    now,
                )
                for index, student_id in enumerate(student_ids)
                for week in range(CHECKINS_PER_STUDENT)
            ),
        )
        cursor.execute("ANALYZE")
    raw.commit()
    caseload = CareTeamMember.objects.filter(user=psychologists[0]).count()
    log(f"loaded {len(student_ids)} students; the bench psychologist's caseload is {caseload}")
    return tokens.issue_token(user=psychologists[0], name="Bench", lifetime_days=30).secret


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--backlog",
        "256",
    ]
    server = subprocess.Popen(
        command, env={**env, "DJANGO_SETTINGS_MODULE": "bench.api"}, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited while starting")
        time.sleep(0.3)
    raise SystemExit("gunicorn did not start within a minute")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def get(port: int, path: str, token: str) -> tuple[int, dict, bytes]:
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK {"requests": %d, "seconds": %f, "p95_us": %f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(95), errors))
end
"""


def load_with_wrk(port: int, path: str, token: str, seconds: int, script: str) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CLIENTS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script,
            "-H",
            f"Authorization: Bearer {token}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    result = json.loads(line[4:])
    return {
        "rps": result["requests"] / result["seconds"],
        "p95_ms": result["p95_us"] / 1000,
        "errors": result["errors"],
    }


def load_with_threads(port: int, path: str, token: str, seconds: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        nonlocal errors
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _headers, _body = get(port, path, token)
            except OSError:
                failed += 1
                continue
            mine.append(time.perf_counter() - started)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("inf"),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per address")
    parser.add_argument("--keep", action="store_true", help="keep the bench_api database")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="bench-api-")
    env = bench_env(var_dir)
    port = random.randint(20000, 40000)
    server = None
    wrk_script = None
    try:
        log(f"creating the {DB_NAME} database")
        create_database()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
            check=True,
        )
        token = load(env)
        server = start_gunicorn(env, port)

        status, headers, body = get(port, API_PATH, token)
        assert status == 200, (status, body[:300])
        payload = json.loads(body)
        api_ids = [row["id"] for row in payload["results"]]
        status, _headers, body = get(port, PLAIN_PATH, token)
        assert status == 200, (status, body[:300])
        plain_ids = [row["id"] for row in json.loads(body)["results"]]
        assert api_ids == plain_ids and len(api_ids) == 50, "the two addresses disagree"
        log(f"both answer the same 50 of {payload['count']} students")

        counts = set()
        for query in ("?page_size=10", "", "?page_size=200", "?page=3", "?ordering=-grade"):
            status, headers, _body = get(port, API_PATH + query, token)
            assert status == 200
            counts.add(int(headers["X-Queries"]))
        queries = str(counts.pop()) if len(counts) == 1 else "varies"
        log(f"queries per API request: {queries}")

        if shutil.which("wrk"):
            handle, wrk_script = tempfile.mkstemp(suffix=".lua")
            os.write(handle, WRK_SCRIPT.encode())
            os.close(handle)

            def measure(path, seconds):
                return load_with_wrk(port, path, token, seconds, wrk_script)

            log(f"load generator: wrk, {CLIENTS} connections")
        else:

            def measure(path, seconds):
                return load_with_threads(port, path, token, seconds)

            log(f"load generator: {CLIENTS} Python threads (install wrk for a lighter one)")

        measure(PLAIN_PATH, 3)  # warm both workers' caches and connections
        measure(API_PATH, 3)
        plain_runs, api_runs = [], []
        for round_number in range(1, args.rounds + 1):
            plain_runs.append(measure(PLAIN_PATH, args.seconds))
            api_runs.append(measure(API_PATH, args.seconds))
            log(
                f"round {round_number}: plain {plain_runs[-1]['rps']:.0f} req/s, "
                f"api {api_runs[-1]['rps']:.0f} req/s, api p95 {api_runs[-1]['p95_ms']:.1f} ms"
            )
        failures = sum(run["errors"] for run in plain_runs + api_runs)
        if failures:
            log(f"warning: {failures} failed requests")
        plain_rps = statistics.median(run["rps"] for run in plain_runs)
        api_rps = statistics.median(run["rps"] for run in api_runs)
        p95 = statistics.median(run["p95_ms"] for run in api_runs)
        log(f"plain view {plain_rps:.0f} req/s; API {api_rps:.0f} req/s; API p95 {p95:.1f} ms")
        print(f"list_ratio={api_rps / plain_rps:.2f} p95_ms={p95:.0f} queries={queries}")
    finally:
        if server is not None:
            stop(server)
        if wrk_script:
            os.unlink(wrk_script)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be loaded yet
            pass
        if not args.keep:
            drop_database()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
