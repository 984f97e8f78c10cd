"""The compiled read path (issues 7 and 16): query documents answered without graphql-core's
executor, the same answers as the full path.

Integrations, the console and the client app send the same documents again and again.
The first time a document is seen it is parsed and validated with the schema's own rules
and limits, then compiled from the field descriptions of `schema.sources` (where every
field is read from: a column, a public id, an expression, related rows): each root field
becomes one SQL statement over only what is selected, nested records (a client's notes,
orders, referrals with their tags ...) as JSON arrays of correlated sub-selects, and a
generated builder that writes the answer. Every later request with that document:

- is checked for each root field's access (`schema.sources.ROOT_ACCESS`), as the
  resolvers check it;
- coerces its variables and arguments with graphql-core and Strawberry, like the full path;
- is priced, charged and refunded by the same cost rules and bucket (`schema.cost`);
- runs its statements and encodes the answer with orjson.

A nested connection's `first`, `after` or filter given by a variable is part of the
statement: such a document is compiled once per set of variables, when they are bound.

Anything else goes the full way, which stays the reference for every answer and every
error: a document that does not compile (directives, fragments on other types), a caller
without the access, variables or arguments that do not coerce or that the resolvers
refuse, a bucket that refuses, an unexpected failure. A failure after the charge gives the
charge back first, so a request is never charged twice. Tests run a corpus of documents
both ways (written from the schema itself, so a new field is in it) and compare the
answers byte for byte.

The modules, each depending only on those above it:

- `selection`: the fields a selection set asks for, fragments flattened; `NotCompiled`;
- `builders`: database value -> answer value converters, and the generated functions;
- `objects`: a selection on a described type -> SQL expressions and a row builder;
- `merge_preview`: `clientMergePreview`, the merge's planner over one statement's rows;
- `roots_shared`: what the root fields share: `Root`, their arguments, the client row of a
  selection, the helpers of their statements and answers;
- `roots_clients`: `clients`, its pages and cursors; `roots_segments`: segments, their
  counts and members; `roots_lookups`: a client by id, email or external id, a row by id;
  `roots_organization`: the organization's lists and `me`; `roots_client_app`:
  `consentWording`, `inbox`, `myAccount`;
- `roots`: `RootCompiler`, which dispatches each root field to its family;
- `reads`: `CompiledReads`, the plans kept per document, their price and their answer.
"""

from schema.compiled.reads import CompiledReads
from schema.compiled.writes import CompiledWrites

__all__ = ["CompiledReads", "CompiledWrites"]
