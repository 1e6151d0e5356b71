/**
 * The machinery behind the one API contract. A contract is an object of namespaces, each an object
 * of methods with runtime schemas for argument and result. Everything else — the typed client that
 * the renderer uses, the dispatcher that the Electron main process and the loopback host serve —
 * is derived from it, so the two transports cannot drift apart.
 */
import { z } from 'zod';
import { AppError, type ErrorPayload } from '../errors';

export type MethodKind = 'query' | 'mutation';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** Mutations are refused on a damaged store; queries still work so data can be rescued. */
  readonly kind: MethodKind;
  readonly summary: string;
}

export const query = <I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): MethodDef<I, O> => ({
  input,
  output,
  kind: 'query',
  summary,
});

export const mutation = <I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): MethodDef<I, O> => ({
  input,
  output,
  kind: 'mutation',
  summary,
});

declare const jobResult: unique symbol;
/** A job's id. Its type parameter (compile time only) is what the finished job's `result` holds. */
export type JobId<R = unknown> = string & { readonly [jobResult]?: R };

/** What every job-starting method answers at once: the id to follow with jobs.get. */
export const JobRef = z.object({ jobId: z.string() });
type JobRefOf<R> = z.ZodType<{ jobId: JobId<R> }, { jobId: string }>;

export interface JobMethodDef<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> extends MethodDef<I, JobRefOf<z.output<R>>> {
  /** The finished job's `result`; checked on the main side before jobs.get reports it. */
  readonly result: R;
}

/**
 * A method that starts a long job (import, attach, checks, export): a mutation answering
 * `{ jobId }` at once; the job's progress and, once done, its `result` come from jobs.get.
 */
export const job = <I extends z.ZodType, R extends z.ZodType>(summary: string, input: I, result: R): JobMethodDef<I, R> => ({
  input,
  output: JobRef as unknown as JobRefOf<z.output<R>>,
  kind: 'mutation',
  summary,
  result,
});

export const isJobMethod = (def: MethodDef): def is JobMethodDef => 'result' in def;

/**
 * Marks a method that reports on one job (jobs.get, jobs.cancel): its client takes the JobId a job
 * method returned and types the job's `result` accordingly.
 */
export const reportsJob = <D extends MethodDef>(def: D): D & { readonly reportsJob: true } => ({ ...def, reportsJob: true });

/** A job-shaped value whose `result` is R. */
type WithJobResult<T, R> = T extends { result?: unknown } ? Omit<T, 'result'> & { result?: R } : T;

export type ContractShape = Record<string, Record<string, MethodDef>>;

type ClientMethod<D extends MethodDef> = D extends { reportsJob: true }
  ? <R = unknown>(input: { id: JobId<R> }) => Promise<WithJobResult<z.output<D['output']>, R>>
  : (input: z.input<D['input']>) => Promise<z.output<D['output']>>;

/** What a caller sees: `api.campaigns.create(input) → Promise<Campaign>`. */
export type ClientOf<C extends ContractShape> = {
  [NS in keyof C]: { [M in keyof C[NS]]: ClientMethod<C[NS][M]> };
};

/** Per-call context the server side knows and the caller cannot forge. */
export interface CallContext {
  /** Recorded in the audit log: the chosen reviewer as `姓名（角色）#id` when a session has one, else the OS user (or `--actor`). */
  actor: string;
  transport: 'ipc' | 'http' | 'cli' | 'test';
  /**
   * The caller's "who am I" session: an opaque key the transport sets for the window (IPC: its
   * webContents) or browser tab (HTTP: the X-Dossier-Session header). Absent = no session (the CLI).
   */
  session?: string;
  /** The roster member chosen in that session; filled in by the core from `session`, never taken from the caller. */
  reviewer?: SessionReviewer;
}

/** Who is at the keyboard (electron/core/session): a member of one campaign's roster. */
export interface SessionReviewer {
  id: string;
  campaignId: string;
  name: string;
  role: 'reviewer' | 'leader' | 'legal_office';
  /** 评查组; '' when the campaign has one team. */
  team: string;
}

/** What a server implements: arguments arrive parsed; results are validated before they leave. */
export type HandlersOf<C extends ContractShape> = {
  [NS in keyof C]: {
    [M in keyof C[NS]]: (
      input: z.output<C[NS][M]['input']>,
      ctx: CallContext,
    ) => z.input<C[NS][M]['output']> | Promise<z.input<C[NS][M]['output']>>;
  };
};

export type Envelope = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

/** A transport sends one call and returns the envelope the server produced. */
export type Transport = (method: string, input: unknown) => Promise<Envelope>;

export function methodNames(contract: ContractShape): string[] {
  return Object.entries(contract).flatMap(([ns, methods]) => Object.keys(methods).map((m) => `${ns}.${m}`));
}

export function findMethod(contract: ContractShape, name: string): MethodDef | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  // Own properties only: `constructor.name` must not reach Object.prototype (or Function's own `name`).
  const [nsName, m] = [name.slice(0, dot), name.slice(dot + 1)];
  const ns = Object.hasOwn(contract, nsName) ? contract[nsName] : undefined;
  return ns && Object.hasOwn(ns, m) ? ns[m] : undefined;
}

/** Builds the typed client over any transport (IPC in Electron, fetch in a browser, direct in tests). */
export function makeClient<C extends ContractShape>(contract: C, transport: Transport): ClientOf<C> {
  const client: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const [ns, methods] of Object.entries(contract)) {
    client[ns] = {};
    for (const m of Object.keys(methods)) {
      const name = `${ns}.${m}`;
      client[ns][m] = async (input: unknown) => {
        const env = await transport(name, input === undefined ? {} : input);
        if (env.ok) return env.value;
        throw AppError.fromPayload(env.error);
      };
    }
  }
  return client as ClientOf<C>;
}

/** Human-readable summary of a schema failure, naming the method and each offending field. */
export function describeIssues(method: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.join('.') : '(参数)';
    return `${path}: ${i.message}`;
  });
  const more = error.issues.length > 5 ? `（另有 ${error.issues.length - 5} 处）` : '';
  return `${method} 的参数无效：${parts.join('；')}${more}`;
}

export interface DispatcherOptions {
  /** Returns a message when writes must be refused (damaged store), else null. */
  writeBlocked?: (method: string) => string | null;
  /** Turns a known failure of the storage (disk full, read-only file…) into a plain AppError, else null. */
  explainError?: (err: unknown) => AppError | null;
  /** Called for unexpected (non-AppError) failures, e.g. to log them. */
  onInternalError?: (method: string, err: unknown) => void;
  /**
   * Called when a job method has started its job: `check` validates the job's result against the
   * method's result schema (returning the parsed result, or throwing AppError 'internal'), and the
   * job runner applies it before the job reports done.
   */
  onJobStarted?: (jobId: string, check: (result: unknown) => unknown) => void;
}

export type Dispatch = (method: string, input: unknown, ctx: CallContext) => Promise<Envelope>;

/**
 * The single server-side entry point. Validates the method name and its argument, refuses
 * mutations on a damaged store, runs the handler, validates the result, and turns every failure
 * into an error envelope. Both the IPC handler and the HTTP host call this and nothing else.
 */
export function createDispatcher<C extends ContractShape>(contract: C, handlers: HandlersOf<C>, opts: DispatcherOptions = {}): Dispatch {
  return async (method, input, ctx) => {
    try {
      const def = findMethod(contract, method);
      if (!def) throw new AppError('invalid_argument', `未知的接口方法：${String(method)}`);
      const parsed = def.input.safeParse(input);
      if (!parsed.success) throw new AppError('invalid_argument', describeIssues(method, parsed.error), parsed.error.issues);
      if (def.kind === 'mutation') {
        const blocked = opts.writeBlocked?.(method);
        if (blocked) throw new AppError('store_damaged', blocked);
      }
      const [ns, m] = [method.slice(0, method.indexOf('.')), method.slice(method.indexOf('.') + 1)];
      const handler = (handlers as Record<string, Record<string, (i: unknown, c: CallContext) => unknown>>)[ns][m];
      const result = await handler(parsed.data, ctx);
      const out = def.output.safeParse(result);
      if (!out.success) {
        throw new AppError('internal', `${method} 返回了不符合接口约定的结果：${describeIssues(method, out.error)}`);
      }
      if (isJobMethod(def)) {
        const { jobId } = out.data as { jobId: string };
        opts.onJobStarted?.(jobId, (jobResult) => {
          const parsed = def.result.safeParse(jobResult);
          if (!parsed.success) throw new AppError('internal', `${method} 的任务结果不符合接口约定：${describeIssues(method, parsed.error)}`);
          return parsed.data;
        });
      }
      return { ok: true, value: out.data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toPayload() };
      const explained = opts.explainError?.(err);
      if (explained) return { ok: false, error: explained.toPayload() };
      opts.onInternalError?.(method, err);
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message: `内部错误（${method}）：${message}` } };
    }
  };
}
