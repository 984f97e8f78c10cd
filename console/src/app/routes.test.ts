import { describe, expect, it } from 'vitest';
import { parseRoute, routePath, type Route } from './routes';

describe('routes', () => {
  const id = '3f1c2a9e-0000-4000-8000-000000000001';
  const routes: Route[] = [
    { name: 'clients' },
    { name: 'newClient' },
    { name: 'client', id },
    { name: 'unify', id, other: null },
    { name: 'unify', id, other: 'b2c1' },
    { name: 'segments' },
    { name: 'segment', id },
    { name: 'settings' },
    { name: 'acceptInvite' },
  ];
  it.each(routes)('round-trips %o', (route) => {
    const [path, search] = routePath(route).split('?');
    expect(parseRoute(path ?? '', search ?? '')).toEqual(route);
  });
  it('puts only ids in addresses, never free text', () => {
    expect(parseRoute('/console/clients/ana@example.com')).toEqual({ name: 'notFound' });
    expect(parseRoute('/console/clients/x/unify', 'with=ana@example.com')).toEqual({ name: 'unify', id: 'x', other: null });
  });
  it('treats /console and /console/ as the client list', () => {
    expect(parseRoute('/console')).toEqual({ name: 'clients' });
    expect(parseRoute('/console/')).toEqual({ name: 'clients' });
  });
});
