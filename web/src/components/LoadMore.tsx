import { t } from '../i18n';
import { Button } from './ui';

/** "Load more" under a paged list: shown while there is a next page, busy while it loads. */
export function LoadMore(props: { hasMore: boolean; busy: boolean; onLoad: () => void; small?: boolean }) {
  if (!props.hasMore) return null;
  return (
    <div class="load-more">
      <Button small={props.small} busy={props.busy} onClick={props.onLoad}>
        {t('common.load_more')}
      </Button>
    </div>
  );
}
