import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../i18n';
import { DemoUsersQuery, SignInAsDemoUserMutation } from '../queries';
import { LanguageSwitch, roleLabel } from './Header';

export function SignIn({ onSignIn, notice }: { onSignIn: (token: string) => void; notice: 'invalidToken' | 'expired' | null }) {
  const { t, lang } = useI18n();
  const [{ data, fetching }] = useQuery({ query: DemoUsersQuery });
  const [demo, signInAsDemo] = useMutation(SignInAsDemoUserMutation);
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const demoUsers = data?.demoUsers ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSignIn(trimmed);
  };
  const pickDemo = async (role: (typeof demoUsers)[number]['role']) => {
    setFailure(null);
    const result = await signInAsDemo({ role });
    if (result.data?.signInAsDemoUser) onSignIn(result.data.signInAsDemoUser);
    else setFailure(t.signInFailed(result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? ''));
  };

  return (
    <main className="signin-page">
      <div className="signin-top">
        <LanguageSwitch />
      </div>
      <div className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <span className="brand-name">{t.appName}</span>
        </div>
        <h1>{t.signInTitle}</h1>
        <p className="muted">{t.signInIntro}</p>
        {notice && (
          <div className="notice notice-error" role="alert" data-testid="signin-notice">
            {notice === 'expired' ? t.signInExpired : t.signInInvalidToken}
          </div>
        )}
        {failure && (
          <div className="notice notice-error" role="alert">
            {failure}
          </div>
        )}
        {demoUsers.length > 0 && (
          <section className="demo-users" aria-labelledby="demo-title">
            <h2 id="demo-title">
              {t.signInDemoTitle} <span className="badge badge-demo">{t.demoBadge}</span>
            </h2>
            <p className="muted small">{t.signInDemoIntro}</p>
            <ul>
              {demoUsers.map((u) => (
                <li key={u.role}>
                  <button type="button" className="demo-user" disabled={demo.fetching} onClick={() => void pickDemo(u.role)} data-testid={`demo-${u.role}`}>
                    <span className="demo-org">{u.organisationName}</span>
                    <span className="demo-role">{roleLabel(u.role, lang)}</span>
                  </button>
                </li>
              ))}
            </ul>
            <div className="divider">
              <span>{t.signInOr}</span>
            </div>
          </section>
        )}
        {fetching && !data && <p className="muted small">{t.loading}</p>}
        <form onSubmit={submit} className="token-form">
          <label htmlFor="token">{t.signInTokenLabel}</label>
          <input
            id="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={t.signInTokenPlaceholder}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            data-testid="token-input"
          />
          <p className="muted small">{t.signInTokenHint}</p>
          <button type="submit" className="btn btn-primary" disabled={!token.trim()} data-testid="token-submit">
            {t.signInSubmit}
          </button>
        </form>
      </div>
    </main>
  );
}
