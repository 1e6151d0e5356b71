/**
 * Discretion benchmark check (裁量基准, 行政处罚法 第三十四条; brief §5): a fine outside the range of
 * the benchmark tier that matches the dossier's circumstance tier, without a recorded reason, is a
 * finding (PG-DISC-01 / PS-DISC-01). Ranges are inclusive at both ends. Pure: the benchmarks come
 * from a lookup the caller provides (e.g. built from the benchmark tables with createBenchmarkLookup).
 */

import { cannotCheck, fail, fenText, missing, notApplicable, pass, toFen, yuan, type Outcome, type RuleEnv } from './kit';
import { OTHER_LABELS } from './labels';
import type { BenchmarkLookup, BenchmarkTier, DiscretionBenchmark, DossierFacts } from './types';

export function createBenchmarkLookup(items: readonly DiscretionBenchmark[]): BenchmarkLookup {
  return (code, onDate) =>
    items.find(
      (b) =>
        b.violationCode === code &&
        (onDate === null || ((!b.effectiveFrom || b.effectiveFrom <= onDate) && (!b.effectiveTo || onDate <= b.effectiveTo))),
    ) ?? null;
}

function rangeText(t: BenchmarkTier): string {
  const lo = t.fineMinYuan === null ? '不限' : yuan(t.fineMinYuan);
  const hi = t.fineMaxYuan === null ? '不限' : yuan(t.fineMaxYuan);
  return `${lo}～${hi}`;
}

export function checkDiscretion(facts: DossierFacts, env: RuleEnv): Outcome {
  if (!env.benchmarks) return cannotCheck('无法检查：缺少 裁量基准（未配置裁量基准库）');
  const kinds = facts.penaltyKinds;
  const fine = facts.fineFen;
  if ((fine === null || fine === undefined) && kinds && !kinds.includes('罚款')) return notApplicable('未处以罚款，本项不适用');
  const absent: string[] = [];
  if (!facts.violationCode) absent.push(OTHER_LABELS.violationCode);
  if (!facts.circumstance) absent.push(OTHER_LABELS.circumstance);
  if (fine === null || fine === undefined) absent.push(OTHER_LABELS.fineFen);
  if (absent.length > 0) return missing(absent);
  const decision = facts.dates?.decision ?? null;
  const bm = env.benchmarks(facts.violationCode as string, decision);
  if (!bm) return cannotCheck(`无法检查：裁量基准中未找到违法行为编码 ${facts.violationCode}${decision ? `（${decision} 有效）` : ''}`);
  const tier = bm.tiers.find((t) => t.circumstance === facts.circumstance);
  if (!tier) return cannotCheck(`无法检查：裁量基准 ${bm.violationCode} 未规定“${facts.circumstance}”档次`);
  const f = fine as number;
  // Benchmarks state yuan; compared in fen so that 8000.004 元 cannot slip through a float.
  const within = (tier.fineMinYuan === null || f >= toFen(tier.fineMinYuan)) && (tier.fineMaxYuan === null || f <= toFen(tier.fineMaxYuan));
  const allowedKinds = tier.penaltyKinds?.length ? tier.penaltyKinds : null;
  // 责令改正 is not a penalty (行政处罚法 第二十八条), so it never counts as an extra kind.
  const extraKinds = allowedKinds && kinds ? kinds.filter((k) => !allowedKinds.includes(k) && k !== '责令改正') : [];
  const computation =
    `违法行为 ${bm.violationCode}${bm.violationName ? ` ${bm.violationName}` : ''}，情节“${facts.circumstance}”${tier.label ? `（${tier.label}）` : ''}，基准罚款幅度 ${rangeText(tier)}` +
    `${allowedKinds ? `，处罚种类 ${allowedKinds.join('、')}` : ''}${bm.source ? `（${bm.source}）` : ''}；实际罚款 ${fenText(f)}${kinds?.length ? `，处罚种类 ${kinds.join('、')}` : ''}`;
  const problems = [
    ...(within ? [] : [`罚款 ${fenText(f)} 超出幅度`]),
    ...(extraKinds.length ? [`处罚种类 ${extraKinds.join('、')} 不在该档次内`] : []),
  ];
  if (problems.length === 0) return pass('罚款金额和处罚种类符合裁量档次', `${computation}；在幅度内`);
  const reason = facts.discretionReason?.trim();
  if (reason) {
    return pass('超出裁量档次，但已记载理由，请人工审查理由是否成立', `${computation}；${problems.join('，')}，已记载理由：${reason}`);
  }
  const headline = within
    ? `处罚种类 ${extraKinds.join('、')} 超出裁量基准“${facts.circumstance}”档次（${allowedKinds!.join('、')}），且未说明理由`
    : `罚款 ${fenText(f)} 超出裁量基准“${facts.circumstance}”档次幅度 ${rangeText(tier)}，且未说明理由`;
  return fail(headline, `${computation}；${problems.join('，')}，未记载理由`, 'deduction');
}
