import { render } from 'preact';
import { homeOf, loadTextLanguage, session } from './api';
import { DashboardPage } from './pages/dashboard-page';
import { ExceptionsPage } from './pages/exceptions-page';
import { LoginPage } from './pages/login-page';
import { WorkbenchPage } from './pages/workbench-page';
import { TopBar } from './components/top-bar';

/** Four pages, chosen by path; the server answers every one of them with this bundle. */
function App() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const user = session.user();
  if (path === '/login') return <LoginPage />;
  if (!user) {
    location.replace(`/login?next=${encodeURIComponent(path)}`);
    return null;
  }
  if (path === '/workbench')
    return (
      <>
        <TopBar user={user} />
        <WorkbenchPage user={user} />
      </>
    );
  if (path === '/exceptions')
    return (
      <>
        <TopBar user={user} />
        <ExceptionsPage user={user} />
      </>
    );
  if (path === '/dashboard')
    return (
      <>
        <TopBar user={user} />
        <DashboardPage user={user} />
      </>
    );
  location.replace(homeOf(user));
  return null;
}

const start = () => render(<App />, document.getElementById('app')!);
// Signed in: finding texts in the reviewer's language from the first request on.
if (session.user() && location.pathname !== '/login') void loadTextLanguage().finally(start);
else start();
