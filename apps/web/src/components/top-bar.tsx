import { session, User } from '../api';

export function TopBar({ user }: { user: User }) {
  const manager = user.role !== 'reviewer';
  return (
    <header class="topbar">
      <strong class="brand">Invoice triage</strong>
      <nav>
        <a href="/workbench" class={location.pathname === '/workbench' ? 'active' : ''}>
          Workbench
        </a>
        <a href="/exceptions" class={location.pathname === '/exceptions' ? 'active' : ''}>
          {manager ? 'Exceptions' : 'Open items'}
        </a>
        <a href="/dashboard" class={location.pathname === '/dashboard' ? 'active' : ''}>
          {manager ? 'Dashboard' : 'My figures'}
        </a>
        {user.role === 'admin' && <a href="/admin/queues">Queue board</a>}
      </nav>
      <span class="who">
        {user.name} · {user.role}
      </span>
      <button
        class="link"
        onClick={async () => {
          await session.signOut();
          location.assign('/login');
        }}
      >
        Sign out
      </button>
    </header>
  );
}
