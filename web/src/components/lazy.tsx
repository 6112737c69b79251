import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from './forms/ErrorBanner';
import { Spinner } from './ui';

/**
 * A component whose code is fetched the first time it is shown (its own chunk), so pages and
 * dialogs few people open stay out of the first load. Shows a spinner meanwhile (nothing when
 * `quiet`, for dialogs that open in place).
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  options: { quiet?: boolean } = {},
): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const start = () => {
    pending ??= load().then(
      (c) => {
        loaded = c;
        return c;
      },
      (err: unknown) => {
        pending = null;
        throw err;
      },
    );
    return pending;
  };
  function Lazy(props: P) {
    const [, setTick] = useState(0);
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      start().then(
        () => live && setTick((n) => n + 1),
        (err: unknown) => live && setError(err),
      );
      return () => {
        live = false;
      };
    }, []);
    const Loaded = loaded;
    if (Loaded) return <Loaded {...props} />;
    if (error) return <ErrorBanner error={error} />;
    return options.quiet ? null : <Spinner />;
  }
  return Lazy;
}
