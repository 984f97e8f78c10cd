import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureSession, isAbort, request } from '../api/client';
import { graphql } from '../gql';
import type { MeQuery, Permission } from '../gql/graphql';
import { forget } from '../clients/memory';
import { clearSession, loadSession, saveSession } from './storage';

const Me = graphql(`
  query Me {
    me {
      organization { id name slug defaultLocale country senderName replyTo timeZone currency levelMode clientAccountsEnabled staffPasswordAssignment }
      permissions
      staffUser { id name email role }
    }
    fieldLabels { field label }
    levels { id name threshold }
  }
`);

const Logout = graphql(`
  mutation StaffLogout {
    staffLogout { revoked userErrors { code } }
  }
`);

// The root fields are null only without a valid session (each with its own UNAUTHENTICATED).
export type Viewer = NonNullable<MeQuery['me']>;
export type OrgData = {
  fieldLabels: NonNullable<MeQuery['fieldLabels']>;
  levels: NonNullable<MeQuery['levels']>;
};

type State =
  | { status: 'signedOut'; expired: boolean }
  | { status: 'loading' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'signedIn'; viewer: Viewer; org: OrgData };

export interface SessionValue {
  state: State;
  signIn: (token: string, expiresAt: string | null) => void;
  signOut: () => Promise<void>;
  can: (permission: Permission) => boolean;
  refresh: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

// The token the transport sends; changed only by signing in, signing out and expiry.
let currentToken: string | null = typeof localStorage === 'undefined' ? null : loadSession(localStorage)?.token ?? null;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => currentToken);
  const [state, setState] = useState<State>(() =>
    token ? { status: 'loading' } : { status: 'signedOut', expired: false },
  );
  const [tick, setTick] = useState(0);
  const expire = useCallback(() => {
    clearSession(localStorage);
    forget();
    currentToken = null;
    setToken(null);
    setState({ status: 'signedOut', expired: true });
  }, []);

  useEffect(() => {
    configureSession({ token: () => currentToken, onUnauthenticated: expire });
  }, [expire]);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    request(Me, {}, { signal: controller.signal }).then(
      (data) => {
        if (!data.me) {
          expire();
          return;
        }
        setState({
          status: 'signedIn',
          viewer: data.me,
          org: { fieldLabels: data.fieldLabels ?? [], levels: data.levels ?? [] },
        });
      },
      (error: unknown) => {
        // A refused token has already signed out (onUnauthenticated); anything else is shown.
        if (!isAbort(error) && currentToken) setState({ status: 'unreachable', error });
      },
    );
    return () => controller.abort();
  }, [token, tick, expire]);

  const signIn = useCallback((next: string, expiresAt: string | null) => {
    saveSession(localStorage, { token: next, expiresAt });
    currentToken = next;
    setToken(next);
    setState({ status: 'loading' });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await request(Logout, {});
    } catch {
      // signing out locally is what matters; the token expires anyway
    }
    clearSession(localStorage);
    forget();
    currentToken = null;
    setToken(null);
    setState({ status: 'signedOut', expired: false });
  }, []);

  const value = useMemo<SessionValue>(() => {
    const permissions = state.status === 'signedIn' ? new Set(state.viewer.permissions) : new Set<Permission>();
    return {
      state,
      signIn,
      signOut,
      can: (permission) => permissions.has(permission),
      refresh: () => {
        if (state.status === 'unreachable') setState({ status: 'loading' });
        setTick((t) => t + 1);
      },
    };
  }, [state, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** For screens shown only when signed in. */
export function useSignedIn(): { viewer: Viewer; org: OrgData; can: (p: Permission) => boolean; refresh: () => void } {
  const { state, can, refresh } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn while signed out');
  return { viewer: state.viewer, org: state.org, can, refresh };
}
