/**
 * Why OCR is not reading pages, kept as a fact (what happened, with its exit code or missing file)
 * rather than a sentence, so files.ocrStatus can say it in words a user reads — the state, the
 * reason and what to do — and the header can show it without a tooltip.
 */
import { basename } from 'node:path';
import type { OcrState } from '../../../shared/api/namespaces/files';

export type OcrProblem =
  /** The engine's thread or process ended mid-run (a native crash): pages stay queued, a retry starts afresh. */
  | { kind: 'crashed'; code: number | null; detail?: string }
  /** The engine's entry file is not there: a broken or partial installation. */
  | { kind: 'missing'; entry: string }
  /** The engine started but could not load its models or native modules. */
  | { kind: 'load_failed'; detail: string };

/** The one-line message of the failed run (also the job's error and status.error, as before). */
export function problemMessage(p: OcrProblem): string {
  switch (p.kind) {
    case 'crashed':
      return `文字识别进程意外退出，已停止本次识别；可重试（${exitWords(p)}）`;
    case 'missing':
      return `文字识别组件缺失（${p.entry}），扫描页暂不能识别。`;
    case 'load_failed':
      return `文字识别组件无法加载：${p.detail}`;
  }
}

function exitWords(p: { code: number | null; detail?: string }): string {
  return p.detail ? p.detail : `退出代码 ${p.code ?? '未知'}`;
}

export interface OcrStateWords {
  state: OcrState;
  reason: string | null;
  remedy: string | null;
  exitCode: number | null;
}

const UNAVAILABLE_EFFECT = '扫描页暂不能识别，其余功能照常（有文字层的 PDF 照常查看和查找）。';

/** The state of OCR and, when it cannot go on, the reason and what to do, in the user's words. */
export function describeOcrState(s: { running: boolean; paused: boolean; pagesLeft: number; problem: OcrProblem | null }): OcrStateWords {
  if (s.running) return { state: 'running', reason: null, remedy: null, exitCode: null };
  const p = s.problem;
  if (p?.kind === 'missing') {
    return {
      state: 'unavailable',
      reason: `文字识别组件未安装（缺少 ${basename(p.entry)}）`,
      remedy: `${UNAVAILABLE_EFFECT}请重新安装本程序（安装包自带文字识别组件）；技术人员可检查文件 ${p.entry} 是否存在。`,
      exitCode: null,
    };
  }
  if (p?.kind === 'load_failed') {
    return {
      state: 'unavailable',
      reason: `文字识别组件无法加载：${p.detail}`,
      remedy: `${UNAVAILABLE_EFFECT}请重新安装本程序后点“重试”；仍不行时，请把这段说明发给技术支持。`,
      exitCode: null,
    };
  }
  // A crash matters while pages wait for it; once none are left there is nothing to retry.
  if (p?.kind === 'crashed' && s.pagesLeft > 0) {
    return {
      state: 'failed',
      reason: `文字识别进程意外退出（${exitWords(p)}）`,
      remedy: '已识别的页面均已保存。点“重试”从未识别的页面继续；同一页再次导致退出时会跳过该页并注明原因。',
      exitCode: p.code,
    };
  }
  if (s.paused && s.pagesLeft > 0) return { state: 'paused', reason: null, remedy: '点“继续”识别余下的页面。', exitCode: null };
  return { state: 'idle', reason: null, remedy: null, exitCode: null };
}
