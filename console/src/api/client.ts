// The console's whole transport: one POST /graphql per operation, with the staff session token.
// No network at runtime besides the service itself (same origin).
import type { TypedDocumentString } from '../gql/graphql';

/** A failure the console can name: a top-level GraphQL error code or an HTTP one. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

type Session = { token: () => string | null; onUnauthenticated: () => void };
let session: Session = { token: () => null, onUnauthenticated: () => undefined };

/** The session module registers how to find the token and what to do when it is refused. */
export function configureSession(next: Session): void {
  session = next;
}

export function authHeaders(): Record<string, string> {
  const token = session.token();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: GraphQLErrorBody[];
}

export async function request<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  options: { signal?: AbortSignal } = {},
): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('NETWORK', 'The service cannot be reached');
  }
  if (response.status === 401) {
    session.onUnauthenticated();
    throw new ApiError('UNAUTHENTICATED', 'Session expired', 401);
  }
  let body: GraphQLResponse<R>;
  try {
    body = (await response.json()) as GraphQLResponse<R>;
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('BAD_RESPONSE', `HTTP ${response.status}`, response.status);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED') session.onUnauthenticated();
    throw new ApiError(code, first.message, response.status);
  }
  if (!body.data) throw new ApiError('BAD_RESPONSE', `HTTP ${response.status}`, response.status);
  return body.data;
}

/** A file the API streams with the bearer token (segment exports), saved by the browser. */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: authHeaders() });
  if (response.status === 401) {
    session.onUnauthenticated();
    throw new ApiError('UNAUTHENTICATED', 'Session expired', 401);
  }
  if (!response.ok) {
    let code = 'BAD_RESPONSE';
    try {
      const body = (await response.json()) as GraphQLResponse<unknown>;
      code = body.errors?.[0]?.extensions?.code ?? code;
    } catch {
      // not JSON: keep the generic code
    }
    throw new ApiError(code, `HTTP ${response.status}`, response.status);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
