"""The compiled read path (issue 7): the hot client reads answered without graphql-core's
executor, the same answers as the full path.

Integrations and the console send the same few documents again and again. The first time a
document is seen it is parsed and validated with the schema's own rules and limits, then
compiled when every field it selects is one the compiler knows (`client`, `clients` with
their nodes, edges, cursors and page info; on clients their columns, `tags`, `level` and the
newest `pointsHistory`): each root field becomes one SQL statement over only the selected
columns (`schema.client_rows`) and a generated builder that writes the answer
(`clients`, `builders`). Every later request with that document:

- authenticates as before (the view did it) and needs `clients:read`, like the resolvers;
- coerces its variables and arguments with graphql-core and Strawberry, like the full path;
- is priced, charged and refunded by the same cost rules and bucket (`schema.cost`);
- runs its statements and encodes the answer with orjson.

Anything else goes the full way, which stays the reference for every answer and every
error: a document that does not compile, a caller without the permission, variables or
arguments that do not coerce or that the resolvers refuse (a bad cursor, `first` out of
range), a bucket that refuses, an unexpected failure. A failure after the charge gives the
charge back first, so a request is never charged twice. Tests run a corpus of documents
both ways and compare the answers byte for byte.

The modules, each depending only on those above it:

- `selection`: the fields a selection set asks for, fragments flattened; `NotCompiled`;
- `builders`: database value -> answer value converters, and the generated row builders;
- `clients`: selections on `Client` and what it carries (`tags`, `level`, `pointsHistory`);
- `roots`: the root fields `client` and `clients`, their arguments, edges and cursors;
- `reads`: `CompiledReads`, the plans kept per document, their price and their answer.
"""

from schema.compiled.reads import CompiledReads

__all__ = ["CompiledReads"]
