// The console's addresses. Only opaque ids appear in them, never names or emails.
export const BASE = '/console';

export type Route =
  | { name: 'clients' }
  | { name: 'newClient' }
  | { name: 'client'; id: string }
  | { name: 'unify'; id: string; other: string | null }
  | { name: 'segments' }
  | { name: 'segment'; id: string }
  | { name: 'settings' }
  | { name: 'acceptInvite' }
  | { name: 'notFound' };

const ID = '([A-Za-z0-9-]{1,64})';

export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const clean = path.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(search);
  let m: RegExpMatchArray | null;
  if (clean === '/' || clean === '/clients') return { name: 'clients' };
  if (clean === '/clients/new') return { name: 'newClient' };
  if ((m = clean.match(new RegExp(`^/clients/${ID}$`)))) return { name: 'client', id: m[1] ?? '' };
  if ((m = clean.match(new RegExp(`^/clients/${ID}/unify$`)))) {
    const other = params.get('with');
    return { name: 'unify', id: m[1] ?? '', other: other && /^[A-Za-z0-9-]{1,64}$/.test(other) ? other : null };
  }
  if (clean === '/segments') return { name: 'segments' };
  if ((m = clean.match(new RegExp(`^/segments/${ID}$`)))) return { name: 'segment', id: m[1] ?? '' };
  if (clean === '/settings') return { name: 'settings' };
  if (clean === '/accept-invite') return { name: 'acceptInvite' };
  return { name: 'notFound' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'clients':
      return `${BASE}/`;
    case 'newClient':
      return `${BASE}/clients/new`;
    case 'client':
      return `${BASE}/clients/${encodeURIComponent(route.id)}`;
    case 'unify':
      return `${BASE}/clients/${encodeURIComponent(route.id)}/unify${
        route.other ? `?with=${encodeURIComponent(route.other)}` : ''
      }`;
    case 'segments':
      return `${BASE}/segments`;
    case 'segment':
      return `${BASE}/segments/${encodeURIComponent(route.id)}`;
    case 'settings':
      return `${BASE}/settings`;
    case 'acceptInvite':
      return `${BASE}/accept-invite`;
    case 'notFound':
      return `${BASE}/`;
  }
}
