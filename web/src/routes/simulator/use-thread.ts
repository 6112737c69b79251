import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { endpoints } from '../../api/endpoints';
import type { SimulatorMessage } from '../../api/types';
import { app } from '../../state/store';
import { POLL_MS, sortThread, upsertMessage } from './thread';

export interface Thread {
  /** The thread of the shown customer, oldest first; null until it is first read. */
  messages: SimulatorMessage[] | null;
  error: unknown;
  refresh: (force: boolean) => void;
  add: (message: SimulatorMessage) => void;
}

/** Reads a customer's thread now, on every message event of the channel, and every few seconds. */
export function useThread(channelId: string, phone: string): Thread {
  const key = `${channelId}\n${phone}`;
  const [state, setState] = useState<{ key: string; messages: SimulatorMessage[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(
    (force: boolean) => {
      if (inFlight.current && !force) return;
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      seq.current += 1;
      const mine = seq.current;
      endpoints.simulatorMessages(channelId, phone, controller.signal).then(
        (items) => {
          if (inFlight.current === controller) inFlight.current = null;
          if (mine !== seq.current) return;
          setState({ key, messages: sortThread(items) });
          setError(null);
        },
        (err: unknown) => {
          if (inFlight.current === controller) inFlight.current = null;
          if (mine !== seq.current || (err instanceof DOMException && err.name === 'AbortError')) return;
          setError(err);
        },
      );
    },
    [channelId, phone, key],
  );

  useEffect(() => {
    setError(null);
    refresh(true);
    const timer = setInterval(() => refresh(false), POLL_MS);
    return () => {
      clearInterval(timer);
      seq.current += 1;
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [refresh]);

  // Live events: the WebSocket bumps a per-channel counter; a change means "read again".
  const activity = app.value.channelActivity[channelId] ?? 0;
  const reloads = app.value.reloads;
  const seen = useRef({ activity, reloads });
  useEffect(() => {
    if (seen.current.activity === activity && seen.current.reloads === reloads) return;
    seen.current = { activity, reloads };
    refresh(true);
  }, [activity, reloads, refresh]);

  const add = useCallback(
    (message: SimulatorMessage) => {
      setState((prev) =>
        prev && prev.key === key ? { key, messages: upsertMessage(prev.messages, message) } : prev,
      );
      refresh(true);
    },
    [key, refresh],
  );

  return { messages: state && state.key === key ? state.messages : null, error, refresh, add };
}
