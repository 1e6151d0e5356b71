/**
 * The command runner: argv → command → printed result → exit code. Kept apart from ./main.ts (the
 * process entry) so it can be driven in-process as well as by spawning the CLI.
 *
 * Output rules: the result goes to stdout (JSON with --json, else readable Chinese text); errors and
 * warnings go to stderr only, as `错误：…`, so stdout stays parseable for scripts.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { APP_NAME, APP_VERSION } from '../../shared/app-info';
import type { Command } from './command';
import { COMMANDS, findCommand, subcommandsOf } from './commands';
import { AppError } from '../../shared/errors';
import { EXIT_OK, UsageError, exitCodeFor, messageOf } from './errors';
import { displayWidth } from './format';

export const PROGRAM = 'dossier-review';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The actor when --actor is not given (normally the OS user name). */
  defaultActor(): string;
}

/** Options every command accepts. */
const GLOBAL_OPTIONS: ParseArgsOptionsConfig = {
  json: { type: 'boolean' },
  actor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP: [string, string][] = [
  ['--json', '以 JSON 输出结果（便于脚本处理）'],
  ['--actor 名称', '审计日志中记录的操作人（默认：当前系统用户）'],
  ['-h, --help', '显示帮助'],
];

const EXIT_CODES_HELP = '退出码：0 成功；1 输入有误或对象不存在；2 命令行用法错误；3 数据库已损坏或版本过新（未作任何修改）';

function columns(rows: [string, string][], indent = '  '): string {
  const width = Math.max(...rows.map(([a]) => displayWidth(a)));
  return rows.map(([a, b]) => `${indent}${a}${' '.repeat(width - displayWidth(a) + 2)}${b}`).join('\n');
}

export function generalUsage(): string {
  const commands: [string, string][] = Object.entries(COMMANDS).map(([name, c]) => [name, c.summary]);
  commands.push(['help [命令]', '显示帮助；给出命令名时显示该命令的用法']);
  commands.push(['version', '显示版本']);
  return [
    `${APP_NAME} 命令行工具 ${APP_VERSION}`,
    '',
    `用法：${PROGRAM} <命令> [选项]`,
    '',
    '命令：',
    columns(commands),
    '',
    '通用选项：',
    columns(GLOBAL_HELP),
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

export function commandUsage(name: string, cmd: Command): string {
  const lines = [`${PROGRAM} ${name} —— ${cmd.summary}`, '', `用法：${PROGRAM} ${cmd.usage}`];
  const opts: [string, string][] = [...cmd.optionHelp.map((o): [string, string] => [o.flag, o.description]), ...GLOBAL_HELP];
  lines.push('', '选项：', columns(opts), '', EXIT_CODES_HELP);
  return lines.join('\n');
}

/** The first quoted option name in one of node:util parseArgs' English messages. */
function optionIn(message: string): string {
  return /'(-[^'\s<]+)/.exec(message)?.[1] ?? /'([^']+)'/.exec(message)?.[1] ?? '';
}

/** parseArgs errors, restated in Chinese. */
function translateParseError(err: unknown, usage: string): UsageError {
  const code = (err as { code?: string }).code;
  const message = messageOf(err);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`未知选项：${optionIn(message)}`, usage);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const opt = optionIn(message);
    return new UsageError(/does not take/.test(message) ? `选项 ${opt} 不接受值` : `选项 ${opt} 需要一个值`, usage);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(`多余的参数：${optionIn(message)}`, usage);
  return new UsageError(`命令行无法解析：${message}`, usage);
}

/** Splits argv into a registered command and the rest; usage errors for anything else. */
function resolveCommand(argv: string[]): { name: string; cmd: Command; rest: string[] } {
  const [first, second] = argv;
  if (second !== undefined) {
    const two = findCommand(`${first} ${second}`);
    if (two) return { name: `${first} ${second}`, cmd: two, rest: argv.slice(2) };
  }
  const one = findCommand(first);
  if (one) return { name: first, cmd: one, rest: argv.slice(1) };
  const subs = subcommandsOf(first);
  if (subs.length) {
    const list = subs.join('、');
    if (second === undefined || second.startsWith('-')) {
      throw new UsageError(`“${first}”需要子命令：${list}`, subs.map((s) => findCommand(`${first} ${s}`)!.usage).join('\n'));
    }
    throw new UsageError(`未知的子命令：${first} ${second}（可用：${list}）`);
  }
  if (first.startsWith('-')) throw new UsageError(`未知选项：${first}（请先写命令名）`);
  throw new UsageError(`未知命令：${first}`);
}

function defaultActorSafe(io: CliIo): string {
  try {
    const a = io.defaultActor();
    if (a) return a;
  } catch {
    // no passwd entry (containers): fall through
  }
  return process.env.USER || process.env.USERNAME || 'unknown';
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const fail = (err: unknown): number => {
    io.stderr(`错误：${messageOf(err)}\n`);
    if (err instanceof UsageError) {
      if (err.usage) {
        const lines = err.usage.split('\n').map((u, i) => `${i === 0 ? '用法：' : '      '}${PROGRAM} ${u}`);
        io.stderr(`${lines.join('\n')}\n`);
      } else {
        io.stderr(`运行“${PROGRAM} help”查看全部命令。\n`);
      }
    }
    return exitCodeFor(err);
  };

  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout(`${generalUsage()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = argv.slice(1).join(' ');
    if (!topic) {
      io.stdout(`${generalUsage()}\n`);
      return EXIT_OK;
    }
    const cmd = findCommand(topic);
    if (cmd) {
      io.stdout(`${commandUsage(topic, cmd)}\n`);
      return EXIT_OK;
    }
    const subs = subcommandsOf(topic);
    if (subs.length) {
      io.stdout(`${subs.map((s) => commandUsage(`${topic} ${s}`, findCommand(`${topic} ${s}`)!)).join('\n\n')}\n`);
      return EXIT_OK;
    }
    return fail(new UsageError(`没有这个命令：${topic}`));
  }
  if (first === 'version' || first === '--version' || first === '-v') {
    io.stdout(`${APP_VERSION}\n`);
    return EXIT_OK;
  }

  try {
    const { name, cmd, rest } = resolveCommand(argv);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...cmd.options }, allowPositionals: true, strict: true });
    } catch (err) {
      throw translateParseError(err, cmd.usage);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout(`${commandUsage(name, cmd)}\n`);
      return EXIT_OK;
    }
    const max = cmd.maxPositionals ?? 0;
    if (parsed.positionals.length > max) {
      throw new UsageError(`多余的参数：${parsed.positionals.slice(max).join(' ')}`, cmd.usage);
    }
    const actorOpt = typeof values.actor === 'string' ? values.actor.trim() : undefined;
    if (actorOpt === '') throw new UsageError('选项 --actor 不能为空', cmd.usage);
    const env = {
      actor: actorOpt ?? defaultActorSafe(io),
      warn: (message: string) => io.stderr(`警告：${message}\n`),
    };
    const out = await cmd.run({ values, positionals: parsed.positionals }, env);
    io.stdout(values.json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.text}\n`);
    if (out.failure) {
      io.stderr(`错误：${out.failure}\n`);
      return exitCodeFor(new AppError('bad_input', out.failure));
    }
    return EXIT_OK;
  } catch (err) {
    return fail(err);
  }
}

