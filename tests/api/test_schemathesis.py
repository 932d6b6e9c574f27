"""Schemathesis against the API's own OpenAPI schema, with the token of every role.

Every check schemathesis has runs on every answer: no server error, the status code, content
type, headers and body the schema documents, invalid requests refused, valid ones accepted,
credentials enforced, methods an address does not have answered 405 with `Allow`; and one of
our own, that a query parameter the schema allows is never refused. Three runs:

* fuzzing: each operation's documented examples and a fixed budget of generated requests
  (fixed seed), each sent with the token of every persona in tests/personas.py;
* coverage: the cases schemathesis derives from the schema itself (boundary values, missing
  parameters, methods an address does not have), each sent with the next persona's token;
* stateful: workflows along the links schemathesis infers from the schema (a draft, its items,
  publishing it; a note and its addenda; a letter and its shares), for each role that writes.

Path parameters are drawn from the ids of real records as well as generated values, so requests
reach existing records as well as missing ones.
"""

import itertools

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.api.conftest import generated_schema
from tests.api.roles import INSIDERS, ROLES

EXAMPLES_PER_OPERATION = 5
SCENARIOS_PER_ROLE = 20
STEPS_PER_SCENARIO = 10

CONFIG = {
    "seed": 20260301,
    "generation": {
        "max-examples": EXAMPLES_PER_OPERATION,
        "deterministic": True,
        "database": "none",
        "mode": "all",
    },
    "checks": {
        # The API refuses what breaks a rule of the portal (a week that already has an update,
        # a frequency for a kind the person does not receive) with a documented 400, which no
        # schema can foresee; `query_parameters_the_schema_allows_are_accepted` below holds the
        # query parameters, where a 400 would be the schema's fault, to the stricter rule.
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
        },
    },
}
PHASES_OFF = {name: {"enabled": False} for name in ("examples", "fuzzing", "coverage", "stateful")}


def _schema(**phases):
    loaded = schemathesis.openapi.from_dict(
        RAW_SCHEMA,
        config=schemathesis.Config.from_dict({**CONFIG, "phases": {**PHASES_OFF, **phases}}),
    )
    # Requests go to the portal in-process, inside the test's transaction.
    loaded.app = WSGIHandler()
    return loaded


RAW_SCHEMA = generated_schema()
fuzzing = _schema(examples={"enabled": True}, fuzzing={"enabled": True})
coverage = _schema(coverage={"enabled": True})
stateful = _schema(stateful={"enabled": True, "max-steps": STEPS_PER_SCENARIO})

REAL_IDS: dict[str, list[int]] = {}


def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([*REAL_IDS.get(name, []), value])
            for name, value in path_parameters.items()
        }
    )


stateful.hook(flatmap_path_parameters)


@schemathesis.check
def query_parameters_the_schema_allows_are_accepted(ctx, response, case):
    """A valid request never has a query parameter refused: the schema says what each takes."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code != 400 or not case.query:
        return None
    refused = sorted(set(response.json().get("field_errors", {})) & set(case.query))
    if refused:
        raise AssertionError(
            f"The schema allows {', '.join(refused)} as sent, but the API refused it: "
            f"{response.text}"
        )
    return None


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Calling the WSGI handler directly starts and ends each request with Django's
    close_old_connections, which on PostgreSQL would close the connection that holds the
    test's transaction; Django's own test client turns it off the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def records(api_records):
    REAL_IDS.clear()
    REAL_IDS.update(api_records)
    yield
    REAL_IDS.clear()


@pytest.fixture
def role_headers(request, records, token_for) -> dict[str, dict[str, str]]:
    return {
        role: {"Authorization": f"Bearer {token_for(request.getfixturevalue(role))}"}
        for role in ROLES
    }


HYPOTHESIS = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
)


@fuzzing.hooks.apply(flatmap_path_parameters)
@fuzzing.parametrize()
@HYPOTHESIS
def test_every_operation_keeps_to_its_schema_for_every_role(case, role_headers):
    for headers in role_headers.values():
        case.call_and_validate(headers=headers)


_next_role = itertools.cycle(ROLES)


# Changing notification preferences is left to the other runs: its time-zone choice alone makes
# some six hundred coverage cases, a minute of the suite's time.
@coverage.exclude(method="PATCH", path="/api/v1/notifications/preferences/").parametrize()
@HYPOTHESIS
def test_every_case_the_schema_defines_keeps_to_it(case, role_headers):
    if case.meta.generation.mode.is_positive:
        # A valid request about a real record, rather than one that is never there.
        case.path_parameters = {
            name: REAL_IDS[name][0] if name in REAL_IDS else value
            for name, value in (case.path_parameters or {}).items()
        }
    case.call_and_validate(headers=role_headers[next(_next_role)])


@pytest.mark.parametrize("role", INSIDERS)
def test_workflows_along_the_schemas_links_keep_to_it(role, request, records, token_for):
    headers = {"Authorization": f"Bearer {token_for(request.getfixturevalue(role))}"}

    class Workflow(stateful.as_state_machine()):
        def setup(self):
            # Each scenario starts from the same records, so a replayed one behaves the same.
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=headers,  # the checks know the token is ours, not a generated one
                transport_kwargs=kwargs,
            )

    Workflow.run(
        settings=settings(
            HYPOTHESIS,
            max_examples=SCENARIOS_PER_ROLE,
            stateful_step_count=STEPS_PER_SCENARIO,
        )
    )
