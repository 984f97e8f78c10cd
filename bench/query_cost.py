"""Benchmark (issue 8): what pricing a query costs, before and after it runs.

    .venv/bin/python -m bench.query_cost [--repeat 2000]

Prices the admin console's page (100 clients with level and tags) and a page with nested
notes, before execution (the requested cost, from the document) and after (the actual
cost, walking the 100 returned items). Prints CPU time per pricing (process time, so that
other processes on a shared machine do not count) next to the cost itself.
"""

from __future__ import annotations

import argparse
import time
from functools import partial
from typing import Any

from graphql import OperationDefinitionNode, parse

from schema import schema
from schema.cost import CostWalker

QUERIES = {
    "console page": """{ clients(first: 100) { totalCount pageInfo { endCursor hasNextPage }
      nodes { id firstName lastName email phone points level { name } tags { name } } } }""",
    "page with notes": """{ clients(first: 100) { nodes { id level { name }
      notes(first: 5) { nodes { body } } } } }""",
}


def answer(items: int) -> dict[str, Any]:
    """A response as big as the page: every client with a level, two tags and five notes."""
    client = {
        "id": "x",
        "level": {"name": "Gold"},
        "tags": [{"name": "a"}, {"name": "b"}],
        "notes": {"nodes": [{"body": "n"}] * 5},
    }
    return {"clients": {"totalCount": items, "pageInfo": {}, "nodes": [client] * items}}


def cpu_us(repeat: int, work: Any) -> float:
    start = time.process_time()
    for _ in range(repeat):
        work()
    return (time.process_time() - start) / repeat * 1e6


def price(operation: OperationDefinitionNode, data: dict[str, Any] | None) -> int:
    walker = CostWalker(schema._schema, {}, {})
    return walker.operation(operation) if data is None else walker.operation(operation, data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    data = answer(100)
    print(f"{'query':<18}{'requested':>10}{'us':>8}{'actual':>10}{'us':>8}")
    for label, text in QUERIES.items():
        operation = parse(text).definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        walker = CostWalker(schema._schema, {}, {})
        requested = walker.operation(operation)
        actual = walker.operation(operation, data)
        before = cpu_us(args.repeat, partial(price, operation, None))
        after = cpu_us(max(1, args.repeat // 10), partial(price, operation, data))
        print(f"{label:<18}{requested:>10}{before:>8.0f}{actual:>10}{after:>8.0f}")


if __name__ == "__main__":
    main()
