/**
 * The command registry. A new feature adds its own module next to this file (exporting a
 * CommandTable) and spreads it in here; ../run.ts needs no change.
 */
import type { Command, CommandTable } from '../command';
import { campaignCommands } from './campaign';
import { checkCommands } from './check';
import { initCommands } from './init';
import { registerCommands } from './register';
import { attachCommands } from './attach';
import { documentCommands } from './documents';
import { sampleCommands } from './sample';
import { assignCommands } from './assign';
import { demoCommands } from './demo';
import { exportCommands } from './export';
import { packageCommands } from './package';
import { auditCommands } from './audit';
import { agreementCommands } from './agreement';
import { settingsCommands } from './settings';
import { factCommands } from './facts';
import { consensusCommands } from './consensus';
import { rosterCommands } from './roster';

export const COMMANDS: CommandTable = {
  ...initCommands,
  ...campaignCommands,
  ...checkCommands,
  ...registerCommands,
  ...attachCommands,
  ...documentCommands,
  ...sampleCommands,
  ...assignCommands,
  ...demoCommands,
  ...exportCommands,
  ...packageCommands,
  ...auditCommands,
  ...agreementCommands,
  ...settingsCommands,
  ...factCommands,
  ...consensusCommands,
  ...rosterCommands,
};

export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** Subcommand names of a group ("campaign" → ["create", "list", "show"]); empty when not a group. */
export function subcommandsOf(group: string): string[] {
  const prefix = `${group} `;
  return Object.keys(COMMANDS)
    .filter((n) => n.startsWith(prefix))
    .map((n) => n.slice(prefix.length));
}
