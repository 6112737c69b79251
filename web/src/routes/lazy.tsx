import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { errorText } from '../components/format';
import { Alert, Spinner } from '../components/ui';

/** A page whose code is fetched the first time it is shown, so the inbox's first load stays small. */
export function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  let loaded: ComponentType | null = null;
  return function LazyPage() {
    const [Page, setPage] = useState<ComponentType | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      let live = true;
      load().then(
        (page) => {
          loaded = page;
          if (live) setPage(() => page);
        },
        () => {
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (Page) return <Page />;
    if (failed)
      return <Alert kind="error">{errorText(new ApiError({ status: 0, code: 'network_error' }))}</Alert>;
    return <Spinner />;
  };
}
