// The session: a Bearer token from the legacy `auth.login` (Basic access key:secret), kept in
// sessionStorage for this tab only. Requests never carry cookies (`credentials: 'omit'`), so the
// login cookie the server also sets is neither stored nor used: signing out here really signs out.

const TOKEN_KEY = 'task-gateway.token';
const listeners = new Set<() => void>();

export function currentToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  for (const listener of listeners) listener();
}

export class SignInError extends Error {}

/** Exchanges a key pair for a token; throws SignInError with a message fit for the form. */
export async function signIn(accessKey: string, secretKey: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/auth.login', {
      method: 'POST',
      credentials: 'omit',
      headers: {
        authorization: `Basic ${btoa(unescape(encodeURIComponent(`${accessKey}:${secretKey}`)))}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
  } catch {
    throw new SignInError('The server cannot be reached.');
  }
  const reply = (await response.json().catch(() => null)) as {
    meta?: { result_msg?: string };
    data?: { token?: string };
  } | null;
  const token = reply?.data?.token;
  if (!response.ok || !token) {
    throw new SignInError(
      response.status === 401 || response.status === 403
        ? 'Unknown access key or wrong secret.'
        : (reply?.meta?.result_msg ?? `Sign-in failed (HTTP ${response.status}).`),
    );
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  notify();
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  notify();
}
