"""/openapi.json describes the API: its endpoints, their models, and the bearer token."""

from __future__ import annotations

from typing import Any

import httpx

from forms.api import API_PREFIX

API_OPERATIONS = {
    ("get", "/api/v1/tickets"),
    ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{number}"),
    ("post", "/api/v1/tickets/{number}/comments"),
    ("get", "/api/v1/assets"),
    ("get", "/api/v1/assets/{public_id}"),
    ("get", "/api/v1/meetings"),
    ("get", "/api/v1/meetings/{meeting_id}"),
    ("get", "/api/v1/obligations"),
    ("get", "/api/v1/obligations/{obligation_id}"),
}


async def schema(api: httpx.AsyncClient) -> dict[str, Any]:
    response = await api.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def api_operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): operation
        for path, item in document["paths"].items()
        if path.startswith(API_PREFIX)
        for method, operation in item.items()
    }


async def test_the_schema_lists_every_api_operation(api: httpx.AsyncClient) -> None:
    assert set(api_operations(await schema(api))) == API_OPERATIONS


async def test_every_api_operation_asks_for_the_bearer_token(api: httpx.AsyncClient) -> None:
    document = await schema(api)

    assert document["components"]["securitySchemes"]["HTTPBearer"] | {"description": ""} == {
        "type": "http",
        "scheme": "bearer",
        "description": "",
    }
    assert all(
        operation["security"] == [{"HTTPBearer": []}]
        for operation in api_operations(document).values()
    )


async def test_answers_are_described_by_their_models(api: httpx.AsyncClient) -> None:
    document = await schema(api)

    ticket = api_operations(document)[("get", "/api/v1/tickets/{number}")]
    assert ticket["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TicketDetail"
    }
    assert set(ticket["responses"]) >= {"200", "401", "404", "422"}
    assert "comments" in document["components"]["schemas"]["TicketDetail"]["properties"]


async def test_identifiers_are_bounded_to_what_the_database_holds(
    api: httpx.AsyncClient,
) -> None:
    operation = api_operations(await schema(api))[("get", "/api/v1/meetings/{meeting_id}")]

    (parameter,) = operation["parameters"]
    assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (1, 2**31 - 1)


async def test_the_schema_describes_the_api_alone(api: httpx.AsyncClient) -> None:
    document = await schema(api)

    assert [path for path in document["paths"] if not path.startswith(API_PREFIX)] == []
