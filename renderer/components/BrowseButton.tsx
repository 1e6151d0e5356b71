/**
 * "浏览…" beside a typed path, in the app only: opens the system dialog (renderer/native-dialogs.ts)
 * and fills in the chosen path. In the browser it renders nothing and the path stays typed.
 */
import { useState } from 'react';
import type { FileFilter } from '../../shared/shell-dialog';
import { errorMessage } from '../api';
import { nativeDialogs } from '../native-dialogs';

export function BrowseButton({
  mode,
  onChosen,
  onError,
  title,
  filters,
  defaultName,
  disabled,
  label = '浏览…',
}: {
  /** open: an existing file; save: where to write a new one; folder: a folder. */
  mode: 'open' | 'save' | 'folder';
  onChosen(path: string): void;
  onError?(message: string): void;
  title?: string;
  filters?: FileFilter[];
  /** save: the suggested file name (no folder). */
  defaultName?: string;
  disabled?: boolean;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const dialogs = nativeDialogs();
  if (!dialogs) return null;
  const browse = async () => {
    setOpen(true);
    try {
      const r =
        mode === 'save'
          ? await dialogs.saveFile({ title, filters, ...(defaultName ? { defaultName } : {}) })
          : mode === 'folder'
            ? await dialogs.openDirectory({ title })
            : await dialogs.openFiles({ title, filters });
      if (!r.canceled && r.paths[0]) onChosen(r.paths[0]);
    } catch (err) {
      onError?.(errorMessage(err));
    } finally {
      setOpen(false);
    }
  };
  return (
    <button type="button" className="button" onClick={() => void browse()} disabled={disabled || open} aria-label={title ? `${label}（${title}）` : label}>
      {label}
    </button>
  );
}
