import type { ComponentChildren } from 'preact';
import { tabAfterKey } from './tabs';

/**
 * A tab list and the current tab's panel. Each tab is `${prefix}tab-<name>` and controls
 * `${prefix}panel-<name>`; the arrow keys move between tabs.
 */
export function Tabs<T extends string>(props: {
  /** The tab list's accessible name. */
  label: string;
  tabs: readonly T[];
  current: T;
  onTab: (tab: T) => void;
  /** What a tab shows: its name, and anything beside it. */
  title: (tab: T) => ComponentChildren;
  prefix?: string;
  /** The current tab's panel. */
  children: ComponentChildren;
}) {
  const prefix = props.prefix ?? '';
  const current = props.current;
  return (
    <>
      <div class="tabs" role="tablist" aria-label={props.label}>
        {props.tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`${prefix}tab-${x}`}
            class="tab"
            aria-selected={current === x}
            aria-controls={`${prefix}panel-${x}`}
            tabIndex={current === x ? 0 : -1}
            onClick={() => props.onTab(x)}
            onKeyDown={(e) => {
              const next = tabAfterKey(props.tabs, x, e.key);
              if (next === null) return;
              props.onTab(next);
              requestAnimationFrame(() => document.getElementById(`${prefix}tab-${next}`)?.focus());
            }}
          >
            {props.title(x)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${prefix}panel-${current}`}
        aria-labelledby={`${prefix}tab-${current}`}
        class="tab-panel"
      >
        {props.children}
      </div>
    </>
  );
}
