import { USER_ROLE_LABELS, isOneOf, USER_ROLES } from '@fvm/domain';
import { SignOutIcon } from '../components/Icons';
import { LANGUAGES, useI18n, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="segmented" role="group" aria-label={t.language}>
      {LANGUAGES.map((l: Language) => (
        <button key={l} type="button" className={l === lang ? 'on' : ''} aria-pressed={l === lang} onClick={() => setLang(l)} data-testid={`lang-${l}`}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

export function roleLabel(role: string, lang: Language): string {
  const r = role.toLowerCase();
  return isOneOf(r, USER_ROLES) ? USER_ROLE_LABELS[r][lang] : role;
}

export function Header({ viewer, onSignOut }: { viewer: { role: string; organisation: { name: string } } | null; onSignOut: () => void }) {
  const { t, lang } = useI18n();
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          F
        </span>
        <span className="brand-name">{t.appName}</span>
        <span className="brand-tagline">{t.appTagline}</span>
      </div>
      <div className="header-right">
        {viewer && (
          <div className="who" data-testid="viewer" aria-label={t.signedInAs}>
            <span className="who-org">{viewer.organisation.name}</span>
            <span className="who-role">{roleLabel(viewer.role, lang)}</span>
          </div>
        )}
        <LanguageSwitch />
        <button type="button" className="btn btn-ghost" onClick={onSignOut} data-testid="sign-out">
          <SignOutIcon />
          {t.signOut}
        </button>
      </div>
    </header>
  );
}
