// Sign-in: an access key and its secret (created with `npm run create-key`, or the SDK's default
// pair that an embedded database seeds) exchanged for a session token.
import { useState, type FormEvent } from 'react';
import { signIn, SignInError } from '../lib/auth.ts';

export function SignIn({ notice }: { notice?: string }) {
  const [accessKey, setAccessKey] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(accessKey.trim(), secretKey);
    } catch (err) {
      setError(err instanceof SignInError ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Task gateway</h1>
        <p className="muted">Sign in with an API access key and its secret.</p>
        {notice ? <p className="notice">{notice}</p> : null}
        <label>
          Access key
          <input name="accessKey" autoComplete="username" value={accessKey} onChange={(e) => setAccessKey(e.target.value)} required autoFocus />
        </label>
        <label>
          Secret key
          <input name="secretKey" type="password" autoComplete="current-password" value={secretKey} onChange={(e) => setSecretKey(e.target.value)} required />
        </label>
        {error ? (
          <p className="error-note" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          Create a key pair with <code>npm run create-key</code>. A server on its embedded database also accepts the
          ClearML SDK's default key pair.
        </p>
      </form>
    </div>
  );
}
