/** The `?` sheet: every key of the workspace's keymap with what it does. */
import { Dialog } from '../../components/Dialog';
import { chordLabel, type KeyBinding } from './keymap';

export function ShortcutSheet({ keymap, onClose }: { keymap: readonly KeyBinding[]; onClose(): void }) {
  return (
    <Dialog title="快捷键" onClose={onClose} size="wide">
      <div className="dialog-body">
        <dl className="ws-shortcuts" aria-label="快捷键">
          {keymap.map(({ keys, label }) => (
            <div key={keys.join(' / ')} className="ws-shortcut">
              <dt className="ws-keys">
                {keys.map((k, i) => (
                  <span key={k}>
                    {i ? ' / ' : ''}
                    <kbd>{chordLabel(k)}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{label}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">在输入框中时，字母和数字键照常输入；按 Esc 回到评查表。</p>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button primary" onClick={onClose} autoFocus>
          知道了
        </button>
      </footer>
    </Dialog>
  );
}
