/** 设置: program and database information, audit-log verification. */
import { useEffect, useState } from 'react';
import { errorMessage, getApi } from '../api';
import { useAppStore } from '../stores/app';
import { TemplatesPanel } from './templates/TemplatesPanel';
import { CalendarPanel } from './settings/CalendarPanel';
import { RuleSettingsPanel } from './settings/RuleSettingsPanel';

interface Verification {
  ok: boolean;
  checked: number;
  brokenAtSeq: number | null;
  message: string;
}

export function SettingsScreen() {
  const info = useAppStore((s) => s.info);
  const infoError = useAppStore((s) => s.infoError);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [fingerprint, setFingerprint] = useState<string | null>(null);

  useEffect(() => {
    void loadInfo();
    getApi()
      .system.identity({})
      .then((id) => setFingerprint(id.fingerprint))
      .catch((err: unknown) => setFingerprint(`读取失败：${errorMessage(err)}`));
  }, [loadInfo]);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    setVerification(null);
    try {
      setVerification(await getApi().audit.verify({}));
    } catch (err) {
      setVerifyError(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="settings-title">
      <div className="screen-header">
        <div>
          <h1 id="settings-title">设置</h1>
          <p className="screen-subtitle">程序与数据库的基本信息。所有数据只保存在本机的数据库文件中。</p>
        </div>
      </div>

      {infoError ? (
        <div className="banner banner-error" role="alert">
          读取程序信息失败：{infoError}
        </div>
      ) : null}

      <div className="panel">
        <h2 className="panel-title">程序与数据库</h2>
        {info ? (
          <dl className="info-list">
            <dt>程序</dt>
            <dd>{info.appName}</dd>
            <dt>程序版本</dt>
            <dd data-testid="app-version">{info.appVersion}</dd>
            <dt>数据库位置</dt>
            <dd className="path" data-testid="store-path">
              {info.storePath}
            </dd>
            <dt>架构版本</dt>
            <dd data-testid="schema-version">{info.schemaVersion}</dd>
            <dt>数据库标识</dt>
            <dd className="mono">{info.storeId || '—'}</dd>
            <dt title="本机签名数据包所用 Ed25519 公钥的 SHA-256 指纹；交换数据包时请与对方核对">本机签名指纹</dt>
            <dd className="mono" data-testid="identity-fingerprint">{fingerprint ?? '…'}</dd>
            <dt>数据库状态</dt>
            <dd data-testid="store-health">
              {info.health.ok ? (
                <span className="status status-ok">正常</span>
              ) : (
                <>
                  <span className="status status-bad">已损坏，只读</span>
                  <div className="banner banner-error" role="alert">
                    {info.health.message}
                  </div>
                </>
              )}
            </dd>
          </dl>
        ) : infoError ? null : (
          <p className="muted">正在读取…</p>
        )}
      </div>

      <RuleSettingsPanel />

      <CalendarPanel />

      <TemplatesPanel />

      <div className="panel">
        <h2 className="panel-title">审计日志</h2>
        <p className="panel-text">
          每一次修改都记入审计日志，每条记录的哈希值都包含上一条的哈希值。校验会逐条重新计算，发现被改动、删除或调换顺序的记录。
        </p>
        <div className="panel-actions">
          <button type="button" className="button primary" onClick={() => void verify()} disabled={verifying}>
            {verifying ? '正在校验…' : '校验审计日志'}
          </button>
        </div>
        {verification ? (
          <div className={`banner ${verification.ok ? 'banner-success' : 'banner-error'}`} role="status" data-testid="audit-result">
            {verification.ok ? '校验通过' : '校验未通过'}：{verification.message}
          </div>
        ) : null}
        {verifyError ? (
          <div className="banner banner-error" role="alert">
            校验失败：{verifyError}
          </div>
        ) : null}
      </div>
    </section>
  );
}
