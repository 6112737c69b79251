import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../api/types';

/** Closer than this to the end counts as "at the newest message". */
const NEAR_END = 80;

function gapBelow(el: HTMLElement): number {
  return el.scrollHeight - el.scrollTop - el.clientHeight;
}

/**
 * Keeps a thread at its newest message while the reader is there, also when messages change size
 * after being laid out (`content-visibility` estimates, images, delivery marks) or the frame
 * shrinks (composer, banners); when the reader has scrolled up, a new message from someone else
 * leaves the view alone and raises `newBelow` instead. The viewer's own messages always scroll
 * into view.
 */
export function useThreadScroll(
  ref: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  last: Message | undefined,
  me: string | undefined,
) {
  const stick = useRef(true);
  const [newBelow, setNewBelow] = useState(false);

  const toEnd = () => {
    const el = ref.current;
    if (!el) return;
    stick.current = true;
    setNewBelow(false);
    el.scrollTop = el.scrollHeight;
  };

  // Whatever changes the sizes, a reader at the end stays at the end.
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    if (content.current) observer.observe(content.current);
    return () => observer.disconnect();
  }, []);

  const lastId = last?.id;
  useLayoutEffect(() => {
    if (!last) return;
    const own = last.author?.id !== undefined && last.author.id === me;
    if (own || stick.current) toEnd();
    else if (last.direction !== 'system') setNewBelow(true);
  }, [lastId]);

  /** The reader scrolled: at the end they follow new messages again. */
  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    stick.current = gapBelow(el) < NEAR_END;
    if (stick.current) setNewBelow(false);
  };

  return { newBelow, toEnd, onScroll, stick };
}
