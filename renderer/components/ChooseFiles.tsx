/**
 * The one file chooser of every import: in the app (window.dossierShell present) its button opens the
 * system dialog and the choice is a path, which the main process reads (no bytes cross IPC, no size
 * limit in the message); in a browser it is the file input and the bytes are uploaded. Screens turn a
 * choice into what the API takes with uploadOf / jsonOf / textOf, so neither case is written twice.
 */
import { useState, type ReactNode } from 'react';
import type { FileFilter } from '../../shared/shell-dialog';
import { errorMessage } from '../api';
import { baseName, nativeDialogs } from '../native-dialogs';
import { FilePick } from './FileImport';
import { readFileBase64 } from './ui';

/** A chosen file: its path on this computer (the app's system dialog) or the browser's File. */
export type Chosen = { name: string; path: string } | { name: string; file: File };

/** For methods taking {name, dataBase64} | {path}. */
export const uploadOf = async (c: Chosen): Promise<{ path: string } | { name: string; dataBase64: string }> =>
  'path' in c ? { path: c.path } : { name: c.name, dataBase64: await readFileBase64(c.file) };

/** For methods taking {text} | {path} (holiday calendar). */
export const textOf = async (c: Chosen): Promise<{ path: string } | { text: string }> => ('path' in c ? { path: c.path } : { text: await c.file.text() });

/** For methods taking {json} | {path} (a template's JSON). */
export const jsonOf = async (c: Chosen): Promise<{ path: string } | { json: string }> => ('path' in c ? { path: c.path } : { json: await c.file.text() });

export function ChooseFiles({
  label,
  ariaLabel,
  dialogTitle,
  accept,
  filters,
  multiple = false,
  disabled = false,
  id,
  testId,
  className,
  chosen,
  onChoose,
}: {
  /** Button text, e.g. "导入名单…". */
  label: string;
  /** The browser input's accessible name (the app's button is named by its text). */
  ariaLabel: string;
  /** The system dialog's title, e.g. "选择评查人员名单". */
  dialogTitle: string;
  /** The browser input's accept list. */
  accept: string;
  /** The system dialog's filters. */
  filters: FileFilter[];
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
  /** The browser input's test id (there is no input in the app). */
  testId?: string;
  /** Extra class for the app's button (e.g. "primary"). */
  className?: string;
  /** What stands beside the button: the chosen names, or a hint while none is chosen. */
  chosen: ReactNode;
  onChoose(files: Chosen[]): void;
}) {
  const dialogs = nativeDialogs();
  const [dialogError, setDialogError] = useState<string | null>(null);
  if (!dialogs) {
    return (
      <FilePick
        label={label}
        ariaLabel={ariaLabel}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        id={id}
        testId={testId}
        chosen={chosen}
        clearAfterPick
        onPick={(list) => {
          if (list && list.length) onChoose(Array.from(list, (file) => ({ name: file.name, file })));
        }}
      />
    );
  }
  const browse = async () => {
    setDialogError(null);
    try {
      const r = await dialogs.openFiles({ title: dialogTitle, filters, multiple });
      if (!r.canceled && r.paths.length) onChoose(r.paths.map((path) => ({ name: baseName(path), path })));
    } catch (err) {
      setDialogError(errorMessage(err));
    }
  };
  return (
    <div className="file-pick">
      <button type="button" id={id} className={`button${className ? ` ${className}` : ''}`} disabled={disabled} onClick={() => void browse()}>
        {label}
      </button>
      <span className="muted">{chosen}</span>
      {dialogError ? (
        <span className="field-error" role="alert">
          {dialogError}
        </span>
      ) : null}
    </div>
  );
}
