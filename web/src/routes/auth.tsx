import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { ErrorBanner } from '../components/forms/ErrorBanner';
import { useSubmit } from '../components/forms/useSubmit';
import { Alert, Button, Link, PageHeader, TextField } from '../components/ui';
import { t } from '../i18n';
import { startSession } from '../state/session';
import { flash } from '../state/toasts';
import { landingPath } from './landing';
import { navigate, queryParam, route, safeNext } from './router';

export const MIN_PASSWORD = 10;

function FlashNotice() {
  const [message] = useState(() => flash.value);
  useEffect(() => {
    flash.value = null;
  }, []);
  if (!message) return null;
  return (
    <Alert kind={message.kind === 'error' ? 'error' : message.kind === 'success' ? 'success' : 'info'}>
      {t(message.key)}
    </Alert>
  );
}

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, problem: error, fieldErrors, submit: send, reset } = useSubmit();
  const fields = { ...fieldErrors, ...local };

  async function submit(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!email.trim()) problems.email = t('errors.fields.required');
    if (!password) problems.password = t('errors.fields.required');
    setLocal(problems);
    reset();
    if (Object.keys(problems).length) return;
    await send(async () => {
      const me = await endpoints.login(email.trim(), password);
      startSession(me);
      const next = queryParam('next');
      navigate(next ? safeNext(next) : landingPath((p) => me.permissions.includes(p)), { replace: true });
    });
  }

  const showBanner = error && !(error instanceof ApiError && error.code === 'validation_failed');
  return (
    <>
      <PageHeader title={t('auth.login_title')} description={t('auth.login_intro')} />
      <FlashNotice />
      <ErrorBanner error={showBanner && error} />
      <form class="form" onSubmit={submit} noValidate>
        <TextField
          id="login-email"
          label={t('fields.email')}
          type="email"
          autoComplete="username"
          value={email}
          onValue={setEmail}
          error={fields.email}
          required
        />
        <TextField
          id="login-password"
          label={t('fields.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={fields.password}
          required
        />
        <Button type="submit" variant="primary" busy={busy} class="btn-block">
          {t('auth.login_submit')}
        </Button>
      </form>
      <p class="form-links">
        <Link href="/forgot-password">{t('auth.forgot_link')}</Link>
      </p>
    </>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, problem, fieldErrors, submit: send, reset } = useSubmit();
  const [local, setLocal] = useState<string | undefined>(undefined);

  async function submit(e: Event) {
    e.preventDefault();
    reset();
    if (!email.trim()) {
      setLocal(t('errors.fields.required'));
      return;
    }
    setLocal(undefined);
    await send(async () => {
      await endpoints.recover(email.trim());
      setSent(true);
    });
  }

  return (
    <>
      <PageHeader title={t('auth.forgot_title')} description={t('auth.forgot_intro')} />
      {sent ? (
        <Alert kind="success">{t('auth.forgot_sent')}</Alert>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <ErrorBanner error={!fieldErrors.email && problem} />
          <TextField
            id="forgot-email"
            label={t('fields.email')}
            type="email"
            autoComplete="email"
            value={email}
            onValue={setEmail}
            error={local ?? fieldErrors.email}
            required
          />
          <Button type="submit" variant="primary" busy={busy} class="btn-block">
            {t('auth.forgot_submit')}
          </Button>
        </form>
      )}
      <p class="form-links">
        <Link href="/login">{t('auth.back_to_login')}</Link>
      </p>
    </>
  );
}

/** Client-side password rules, the same the server applies. */
export function passwordProblems(password: string, confirm: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!password) out.password = t('errors.fields.required');
  else if (password.length < MIN_PASSWORD) out.password = t('errors.fields.too_short', { min: MIN_PASSWORD });
  if (confirm !== password) out.confirm = t('auth.passwords_differ');
  return out;
}

/** Setting a password from a recovery link (`/reset-password`) or an invitation (`/accept-invite`). */
export function SetPasswordPage(props: { invite: boolean }) {
  const token = queryParam('token', route.value.search) ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, problem: error, error: banner, fieldErrors, submit: send, reset } = useSubmit();
  const expired = !token || (error instanceof ApiError && error.code === 'token_invalid');
  const fields = { ...fieldErrors, ...local };

  async function submit(e: Event) {
    e.preventDefault();
    const problems = passwordProblems(password, confirm);
    setLocal(problems);
    reset();
    if (Object.keys(problems).length) return;
    await send(async () => {
      await endpoints.resetPassword(token, password);
      flash.value = { kind: 'success', key: props.invite ? 'auth.invite_done' : 'auth.reset_done' };
      navigate('/login', { replace: true });
    });
  }

  const title = props.invite ? t('auth.invite_title') : t('auth.reset_title');
  const intro = props.invite ? t('auth.invite_intro') : t('auth.reset_intro');
  if (expired) {
    return (
      <>
        <PageHeader title={title} />
        <ErrorBanner error={t('errors.token_invalid')} />
        <p class="form-links">
          <Link href="/forgot-password">{t('auth.request_new_link')}</Link>
          <Link href="/login">{t('auth.back_to_login')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={title} description={intro} />
      <ErrorBanner error={banner} />
      <form class="form" onSubmit={submit} noValidate>
        <TextField
          id="new-password"
          label={t('fields.new_password')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.password_rule', { min: MIN_PASSWORD })}
          value={password}
          onValue={setPassword}
          error={fields.password}
          minLength={MIN_PASSWORD}
          required
        />
        <TextField
          id="confirm-password"
          label={t('fields.confirm_password')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={fields.confirm}
          required
        />
        <Button type="submit" variant="primary" busy={busy} class="btn-block">
          {props.invite ? t('auth.invite_submit') : t('auth.reset_submit')}
        </Button>
      </form>
    </>
  );
}

export function SetupPage() {
  const [org, setOrg] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error: banner, fieldErrors, submit: send, reset } = useSubmit();
  const fields = { ...fieldErrors, ...local };

  async function submit(e: Event) {
    e.preventDefault();
    const problems = passwordProblems(password, confirm);
    if (!org.trim()) problems.organization_name = t('errors.fields.required');
    if (!name.trim()) problems.name = t('errors.fields.required');
    if (!email.trim()) problems.email = t('errors.fields.required');
    setLocal(problems);
    reset();
    if (Object.keys(problems).length) return;
    await send(async () => {
      const me = await endpoints.setup({
        organization_name: org.trim(),
        name: name.trim(),
        email: email.trim(),
        password,
      });
      startSession(me);
      navigate('/', { replace: true });
    });
  }

  return (
    <>
      <PageHeader title={t('setup.title')} description={t('setup.intro')} />
      <ErrorBanner error={banner} />
      <form class="form" onSubmit={submit} noValidate>
        <TextField
          id="setup-org"
          label={t('fields.organization_name')}
          value={org}
          onValue={setOrg}
          error={fields.organization_name}
          autoComplete="organization"
          required
        />
        <TextField
          id="setup-name"
          label={t('fields.your_name')}
          value={name}
          onValue={setName}
          error={fields.name}
          autoComplete="name"
          required
        />
        <TextField
          id="setup-email"
          label={t('fields.email')}
          type="email"
          value={email}
          onValue={setEmail}
          error={fields.email}
          autoComplete="email"
          required
        />
        <TextField
          id="setup-password"
          label={t('fields.password')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.password_rule', { min: MIN_PASSWORD })}
          value={password}
          onValue={setPassword}
          error={fields.password}
          required
        />
        <TextField
          id="setup-confirm"
          label={t('fields.confirm_password')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={fields.confirm}
          required
        />
        <Button type="submit" variant="primary" busy={busy} class="btn-block">
          {t('setup.submit')}
        </Button>
      </form>
    </>
  );
}
