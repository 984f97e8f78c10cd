// The staff session token lives in localStorage so a reload keeps the user signed in; it is
// removed on sign-out and when the service refuses it (401 / UNAUTHENTICATED).
const TOKEN_KEY = 'clientela.session';

export interface StoredSession {
  token: string;
  expiresAt: string | null;
}

export function loadSession(storage: Pick<Storage, 'getItem'>, now = Date.now()): StoredSession | null {
  const raw = storage.getItem(TOKEN_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || !parsed.token) return null;
    const expiresAt = typeof parsed.expiresAt === 'string' ? parsed.expiresAt : null;
    if (expiresAt && Date.parse(expiresAt) <= now) return null;
    return { token: parsed.token, expiresAt };
  } catch {
    return null;
  }
}

export function saveSession(storage: Pick<Storage, 'setItem'>, session: StoredSession): void {
  storage.setItem(TOKEN_KEY, JSON.stringify(session));
}

export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(TOKEN_KEY);
}
