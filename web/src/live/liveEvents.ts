import { useEffect, useRef } from 'react';
import type { paths } from '../api/generated/openapi';

/** The data of one server-sent event on /api/live, as the server's schema states it. */
type ServerLiveMessage = paths['/api/live']['get']['responses'][200]['content']['text/event-stream'];
/** A server message, or the desk's own note that the stream came back after a break (nothing missed is replayed). */
export type LiveMessage = ServerLiveMessage | (Omit<ServerLiveMessage, 'type' | 'event'> & { type: 'reconnected'; event?: undefined });

/** What lives beside a case and never changes its version: notes and follow-ups refresh their own panels. */
export type CaseAnnotation = 'note' | 'follow_up';

export function annotationOf(message: LiveMessage): CaseAnnotation | null {
  const kind = message.event?.split('.')[0];
  return kind === 'note' || kind === 'follow_up' ? kind : null;
}

type Listener = (message: LiveMessage) => void;
const listeners = new Set<Listener>();
const passive = new Set<Listener>();
let source: EventSource | null = null;
let hadError = false;

function emit(message: LiveMessage) {
  for (const listener of passive) listener(message);
  for (const listener of listeners) listener(message);
}

function connect() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/live', { withCredentials: true });
  const onMessage = (e: MessageEvent<string>) => {
    try {
      emit(JSON.parse(e.data) as LiveMessage);
    } catch {
      // ignore malformed messages
    }
  };
  source.addEventListener('case.created', onMessage);
  source.addEventListener('case.changed', onMessage);
  source.addEventListener('notification', onMessage);
  source.onerror = () => {
    hadError = true;
  };
  source.onopen = () => {
    // Notices sent while the connection was down are lost: let the pages refresh once.
    if (hadError) emit({ type: 'reconnected', caseId: '', by: { id: null, name: '' } });
    hadError = false;
  };
}

/**
 * True while the live connection is open and has not dropped since it opened: only then does
 * "no notice" mean "nothing changed" (see inbox/countsCache.ts).
 */
export function liveConnected(): boolean {
  return !!source && source.readyState === 1 && !hadError;
}

/**
 * Hears every live message without opening the connection itself (for caches that are only valid
 * while someone else keeps it open, such as the notification bell in the app shell).
 */
export function onLiveMessage(listener: Listener): () => void {
  passive.add(listener);
  return () => passive.delete(listener);
}

function disconnect() {
  source?.close();
  source = null;
  hadError = false;
}

/** Subscribes to GET /api/live (one shared EventSource per tab) while the component is mounted. */
export function useLiveEvents(handler: Listener): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener: Listener = (m) => ref.current(m);
    listeners.add(listener);
    connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) disconnect();
    };
  }, []);
}
