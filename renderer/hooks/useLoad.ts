/**
 * useLoad: load a screen's data on mount and whenever `deps` change, and again on demand.
 *
 *   const load = useLoad(async () => setRows(await getApi().notices.list({ campaignId })), [campaignId], setError);
 *   … after a change: await load();
 *
 * A successful load clears the screen's error (`setError(null)`); a failed one shows its message. The
 * error state stays with the screen, which uses it for its other actions too.
 */
import { useCallback, useEffect, type DependencyList } from 'react';
import { errorMessage } from '../api';

export function useLoad(fetch: () => Promise<void>, deps: DependencyList, setError: (message: string | null) => void): () => Promise<void> {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the fetch depends on
  const run = useCallback(fetch, deps);
  const load = useCallback(async () => {
    try {
      await run();
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [run, setError]);
  useEffect(() => {
    void load();
  }, [load]);
  return load;
}
