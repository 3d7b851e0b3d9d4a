import { useCallback, useEffect, useState } from 'react';
import type { CallInput, ResultOf, RouteSpec } from '@fivestar/common';
import { ApiError, call } from './client';

export interface QueryState<T> {
  /** The latest result; kept while a new request for other parameters is in flight. */
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'internal', err instanceof Error ? err.message : '');
}

/**
 * Reads a GET route of a contract whenever the route or its input changes; `route === null` skips the request
 * (e.g. until an id is chosen).
 */
export function useApiQuery<R extends RouteSpec>(
  route: R | null,
  input?: CallInput<R>,
): QueryState<ResultOf<R>>;
export function useApiQuery(target: RouteSpec | null, input?: unknown): QueryState<unknown> {
  const inputKey = JSON.stringify(input ?? {});
  const targetKey =
    target === null ? null : typeof target === 'string' ? target : `${target.method} ${target.path}`;
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<{ key: string | null; data?: unknown; error?: ApiError }>({ key: null });
  const key = targetKey === null ? null : `${targetKey}?${inputKey}#${nonce}`;

  useEffect(() => {
    if (target === null) return;
    let live = true;
    const parsed = JSON.parse(inputKey) as never;
    call(target, parsed).then(
      (data) => {
        if (live) setState({ key, data });
      },
      (err: unknown) => {
        if (live) setState((prev) => ({ key, data: prev.data, error: toApiError(err) }));
      },
    );
    return () => {
      live = false;
    };
    // `target` is identified by targetKey; the input by inputKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targetKey, inputKey, key]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return {
    data: state.data,
    error: state.key === key ? state.error : undefined,
    loading: key !== null && state.key !== key,
    reload,
  };
}
