/**
 * THE API contract. The renderer's client, the Electron IPC handlers, the preload bridge and the
 * loopback HTTP host are all derived from this one object. To add a feature: add a namespace file
 * under ./namespaces, list it here, and implement it in electron/core.
 */
import { z } from 'zod';
import { makeClient, methodNames, type ClientOf, type HandlersOf, type JobMethodDef, type Transport } from './define';
import { audit } from './namespaces/audit';
import { checks } from './namespaces/checks';
import { benchmarks } from './namespaces/benchmarks';
import { campaigns } from './namespaces/campaigns';
import { dossiers } from './namespaces/dossiers';
import { registers } from './namespaces/registers';
import { units } from './namespaces/units';
import { files } from './namespaces/files';
import { jobs } from './namespaces/jobs';
import { sampling } from './namespaces/sampling';
import { assignments } from './namespaces/assignments';
import { reviewers } from './namespaces/reviewers';
import { system } from './namespaces/system';
import { templates } from './namespaces/templates';
import { reviews } from './namespaces/reviews';
import { demo } from './namespaces/demo';
import { exportsNamespace } from './namespaces/exports';
import { reports } from './namespaces/reports';
import { notices } from './namespaces/notices';
import { agreement } from './namespaces/agreement';
import { ruleSettings } from './namespaces/rule-settings';
import { consensus } from './namespaces/consensus';
import { campaignPackages } from './namespaces/campaign-packages';
import { session } from './namespaces/session';
import { results } from './namespaces/results';

// Validation messages in Chinese by default: they are shown to users as-is.
z.config(z.locales.zhCN());

export const contract = {
  checks,
  benchmarks,
  registers, dossiers, units,
  system,
  campaigns,
  audit,
  jobs,
  reviewers,
  files,
  sampling,
  assignments,
  templates, reviews,
  demo,
  exports: exportsNamespace,
  reports, notices,
  agreement,
  ruleSettings,
  consensus,
  campaignPackages,
  session,
  results,
};

export type Contract = typeof contract;
export type Api = ClientOf<Contract>;
export type Handlers = HandlersOf<Contract>;

/** 'namespace.method' of every method that starts a job, e.g. 'exports.start'. */
export type JobMethodName = {
  [NS in keyof Contract & string]: { [M in keyof Contract[NS] & string]: Contract[NS][M] extends JobMethodDef ? `${NS}.${M}` : never }[keyof Contract[NS] & string];
}[keyof Contract & string];

/** What the job a method starts holds in `result` once done, as that method's result schema declares. */
export type JobResult<N extends JobMethodName> = N extends `${infer NS extends keyof Contract}.${infer M}`
  ? M extends keyof Contract[NS]
    ? Contract[NS][M] extends JobMethodDef<z.ZodType, infer R>
      ? z.output<R>
      : never
    : never
  : never;

export const API_METHODS: readonly string[] = Object.freeze(methodNames(contract));

export const createApiClient = (transport: Transport): Api => makeClient(contract, transport);

/** The single IPC channel; the method name travels as the first argument and is checked against API_METHODS. */
export const IPC_CHANNEL = 'dossier-review:api';
