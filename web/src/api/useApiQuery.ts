import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Query } from './client';

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

/** GETs `path` with `query` whenever either changes; `path === null` skips the request. */
export function useApiQuery<T>(path: string | null, query?: Query): QueryState<T> {
  const queryKey = JSON.stringify(query ?? {});
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError }>({ key: null });
  const key = path === null ? null : `${path}?${queryKey}#${nonce}`;

  useEffect(() => {
    if (path === null) return;
    let live = true;
    api.get<T>(path, JSON.parse(queryKey) as Query).then(
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
  }, [path, queryKey, key]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return {
    data: state.data,
    error: state.key === key ? state.error : undefined,
    loading: key !== null && state.key !== key,
    reload,
  };
}
