import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { errorText } from '../components/format';
import { Alert, Spinner } from '../components/ui';

/**
 * A component whose code is fetched the first time it is shown (settings pages, the template
 * picker), so the inbox's first load stays small.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      load().then(
        (component) => {
          loaded = component;
          if (live) setComponent(() => component);
        },
        () => {
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (Component) return <Component {...props} />;
    if (failed)
      return <Alert kind="error">{errorText(new ApiError({ status: 0, code: 'network_error' }))}</Alert>;
    return <Spinner />;
  };
}
