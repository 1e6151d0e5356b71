/**
 * What a CLI command is. Each command group lives in its own module under ./commands and exports a
 * record of these; ./commands/index.ts merges them into the registry that ./run.ts dispatches on.
 */
import type { ParseArgsOptionsConfig } from 'node:util';

/** Parsed command line of one invocation (global options included). */
export interface Invocation {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What the command runner provides to every command. */
export interface CommandEnv {
  /** Recorded as the actor of every audited change (default: the OS user; `--actor` overrides). */
  actor: string;
  /** Prints a warning to stderr (never to stdout, which is reserved for the result). */
  warn(message: string): void;
}

/** A command's result: printed as JSON with `--json`, else as text. */
export interface CommandOutput {
  json: unknown;
  text: string;
  /**
   * A result that is also a failure (e.g. a register with errors: nothing stored, but the error list
   * is the result). The output is printed as usual, then `错误：failure` on stderr, exit code 1.
   */
  failure?: string;
}

export interface OptionHelp {
  /** e.g. "--db 文件" */
  flag: string;
  description: string;
}

export interface Command {
  /** One line for the command listing. */
  summary: string;
  /** Synopsis without the program name, e.g. "campaign show --db 文件 --campaign ID". */
  usage: string;
  /** Options particular to this command (the global --json/--actor/--help are added by the runner). */
  options: ParseArgsOptionsConfig;
  /** Lines for `help <command>`, one per option. */
  optionHelp: OptionHelp[];
  /** How many positional arguments the command accepts (default 0). */
  maxPositionals?: number;
  run(args: Invocation, env: CommandEnv): Promise<CommandOutput>;
}

/** Registry: full command name (words separated by one space, e.g. "campaign create") → command. */
export type CommandTable = Record<string, Command>;
