// The application shell: the sign-in gate, the header and the routes (experiments table, task page,
// compare view). Everything a view shows comes from GraphQL.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { graphql } from './gql/index.ts';
import { currentToken, onSessionChange, signOut } from './lib/auth.ts';
import { request } from './lib/client.ts';
import { Link, navigate, useLocation } from './lib/router.tsx';
import { ComparePage } from './views/compare.tsx';
import { ExperimentsPage } from './views/experiments.tsx';
import { SignIn } from './views/sign-in.tsx';
import { TaskPage } from './views/task-page.tsx';

const Me = graphql(`
  query Me {
    me { id name role company { id name } }
  }
`);

export function App() {
  const token = useSyncExternalStore(onSessionChange, currentToken);
  const { path } = useLocation();
  const [me, setMe] = useState<{ name: string; company: string }>();
  const [hadSession, setHadSession] = useState(Boolean(token));

  useEffect(() => {
    if (!token) return;
    setHadSession(true);
    request(Me, {}).then(
      (data) => setMe({ name: data.me.name, company: data.me.company.name }),
      () => setMe(undefined),
    );
  }, [token]);

  useEffect(() => {
    if (token && path === '/signin') navigate('/', { replace: true });
  }, [token, path]);

  if (!token) return <SignIn notice={hadSession ? 'Your session ended; sign in again.' : undefined} />;

  const taskMatch = /^\/tasks\/([^/]+)\/?$/.exec(path);
  let page;
  if (path === '/' || path === '/tasks' || path === '/signin') page = <ExperimentsPage />;
  else if (taskMatch) page = <TaskPage id={decodeURIComponent(taskMatch[1]!)} />;
  else if (path === '/compare') page = <ComparePage />;
  else page = <p className="page-message">No page here. <Link href="/">Back to the experiments</Link></p>;

  return (
    <div className="app">
      <header className="top">
        <Link href="/" className="brand">
          Task gateway
        </Link>
        <nav>
          <Link href="/">Experiments</Link>
        </nav>
        <span className="spacer" />
        {me ? (
          <span className="who" title={me.company}>
            {me.name}
          </span>
        ) : null}
        <button
          type="button"
          className="link light"
          onClick={() => {
            setHadSession(false);
            signOut();
          }}
        >
          Sign out
        </button>
      </header>
      <main>{page}</main>
    </div>
  );
}
