/**
 * The parts every package dialog shares (生成活动包, 导入活动包, 导出成果包, 保存回执): the file path, the
 * campaign passphrase (twice when a package is written), and the footer that turns "取消" into
 * "取消生成/导入" while a job runs. One place, so the dialogs say the same things the same way and a
 * native file picker (the app's shell) has one input to hook into.
 */
import { useEffect, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { PASSPHRASE_MIN } from '../../../shared/api/namespaces/campaign-packages';
import { errorMessage, getApi } from '../../api';
import { ProgressBar, SimpleField } from '../../components/ui';
import { BrowseButton } from '../../components/BrowseButton';
import { baseName, nativeDialogs } from '../../native-dialogs';
import type { FileFilter } from '../../../shared/shell-dialog';

/** 浏览… beside the path, in the app only: the system dialog fills the path in. */
export interface PathBrowse {
  /** open: an existing file (a package); save: where to write one (the typed name is suggested). */
  mode: 'open' | 'save';
  title: string;
  filters: FileFilter[];
  /** Called after the path is filled in (导入活动包 reads the header at once). */
  onChosen?(path: string): void;
  onError?(message: string): void;
}

/** A file path typed by the user, or chosen with 浏览… in the app (packages run to gigabytes: named, never uploaded). */
export function PackagePathField({
  id,
  label,
  hint,
  value,
  onChange,
  onBlur,
  disabled,
  inputRef,
  action,
  browse,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  disabled: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** A button beside the input (查看包头 …). */
  action?: ReactNode;
  browse?: PathBrowse;
}) {
  const input = (
    <input
      ref={inputRef}
      id={id}
      type="text"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      disabled={disabled}
      autoComplete="off"
      spellCheck={false}
    />
  );
  const browseButton =
    browse && nativeDialogs() ? (
      <BrowseButton
        mode={browse.mode}
        title={browse.title}
        filters={browse.filters}
        defaultName={browse.mode === 'save' ? baseName(value) || undefined : undefined}
        disabled={disabled}
        onError={browse.onError}
        onChosen={(path) => {
          onChange(path);
          browse.onChosen?.(path);
        }}
      />
    ) : null;
  return (
    <SimpleField label={label} id={id} required hint={hint}>
      {action || browseButton ? (
        <div className="input-with-button">
          {input}
          {browseButton}
          {action}
        </div>
      ) : (
        input
      )}
    </SimpleField>
  );
}

/** The passphrase a package is written with: twice, with the mismatch said at once. */
export function PassphrasePair({
  idPrefix,
  pass,
  pass2,
  onPass,
  onPass2,
  disabled,
  hint = `至少 ${PASSPHRASE_MIN} 个字符；请当面或电话告知对方，不要与 U 盘放在一起。`,
}: {
  idPrefix: string;
  pass: string;
  pass2: string;
  onPass(v: string): void;
  onPass2(v: string): void;
  disabled: boolean;
  hint?: string;
}) {
  const mismatch = pass2 !== '' && pass !== pass2;
  return (
    <>
      <div className="field-row">
        <SimpleField label="活动口令" id={`${idPrefix}-pass`} required hint={hint}>
          <input id={`${idPrefix}-pass`} type="password" value={pass} onChange={(e) => onPass(e.target.value)} disabled={disabled} autoComplete="new-password" />
        </SimpleField>
        <SimpleField label="再次输入口令" id={`${idPrefix}-pass2`} required>
          <input
            id={`${idPrefix}-pass2`}
            type="password"
            value={pass2}
            onChange={(e) => onPass2(e.target.value)}
            disabled={disabled}
            autoComplete="new-password"
            aria-invalid={mismatch ? true : undefined}
          />
        </SimpleField>
      </div>
      {mismatch ? <div className="field-error">两次输入的口令不一致。</div> : null}
    </>
  );
}

/** Checks a passphrase pair before a package is written; the message to show, or null. */
export function passphrasePairError(pass: string, pass2: string): string | null {
  if (pass.length < PASSPHRASE_MIN) return `活动口令至少 ${PASSPHRASE_MIN} 个字符。`;
  if (pass !== pass2) return '两次输入的活动口令不一致。';
  return null;
}

/**
 * The submit of a dialog that writes a package: the passphrase pair checked (its message shown), then
 * `start` (the API call that starts the job); an error it throws is shown the same way.
 */
export function packageWriteSubmit(opts: { running: boolean; pass: string; pass2: string; setError(message: string | null): void; start(): Promise<void> }) {
  return async (e: FormEvent) => {
    e.preventDefault();
    if (opts.running) return;
    const invalid = passphrasePairError(opts.pass, opts.pass2);
    if (invalid) return opts.setError(invalid);
    opts.setError(null);
    try {
      await opts.start();
    } catch (err) {
      opts.setError(errorMessage(err));
    }
  };
}

/**
 * The footer: the keys, 取消<verb> while the job runs (it stops and leaves nothing behind), else
 * 取消/完成, then the dialog's own primary button(s).
 */
export function PackageDialogFooter({
  keys,
  running,
  verb,
  done,
  onCancelJob,
  onClose,
  children,
}: {
  keys: string;
  running: boolean;
  /** 生成 / 导入 / 导出: what the running job does, for its cancel button. */
  verb: string;
  done: boolean;
  onCancelJob(): void;
  onClose(): void;
  children?: ReactNode;
}) {
  return (
    <footer className="dialog-footer">
      <span className="muted small-text">{keys}</span>
      {running ? (
        <button type="button" className="button" onClick={onCancelJob}>
          取消{verb}
        </button>
      ) : (
        <button type="button" className="button" onClick={onClose}>
          {done ? '完成' : '取消'}
        </button>
      )}
      {children}
    </footer>
  );
}

/** The folder of this computer's store: where a package or receipt is suggested first ('' until known). */
export function useStoreFolder(): string {
  const [folder, setFolder] = useState('');
  useEffect(() => {
    let live = true;
    getApi()
      .system.info({})
      .then((info) => live && setFolder(info.storePath.replace(/[\\/][^\\/]*$/, '')))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return folder;
}

/** A file name that is safe on FAT32 (no reserved characters or spaces). */
export const fat32Name = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_');

/** A package's size as the dialogs say it (KB below 1 MB). */
export const packageSize = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** A package job's progress bar, only while it runs. */
export function PackageJobProgress({ job, label }: { job: { running: boolean; job: { done: number; total: number; step?: string } | null }; label: string }) {
  return job.running && job.job ? <ProgressBar done={job.job.done} total={job.job.total} label={job.job.step || label} /> : null;
}

/**
 * What a written package is: its summary, the files (numbered parts on a FAT32 stick) and this
 * computer's fingerprint for the other side to check on first import (`checkedBy`: who checks it).
 */
export function PackageWritten({ summary, files, fingerprint, checkedBy, testId }: { summary: ReactNode; files: string[]; fingerprint: string; checkedBy: string; testId?: string }) {
  return (
    <div className="banner banner-success package-result" role="status" data-testid={testId}>
      <strong>{summary}</strong>
      <ul className="package-files">
        {files.map((f) => (
          <li key={f}>
            <code>{f}</code>
          </li>
        ))}
      </ul>
      <div>
        本机签名指纹（{checkedBy}）：<code className="fingerprint">{fingerprint}</code>
      </div>
    </div>
  );
}
