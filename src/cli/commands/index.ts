/**
 * The command table. A new command is one file in this folder and one entry here; a
 * command with its own subcommands (`trust sign`, `trust show`) dispatches on its first
 * argument the same way `run` does.
 */
import type { Command } from '../context.js';
import { holderKeygen } from './holder-keygen.js';
import { inspect } from './inspect.js';
import { issue } from './issue.js';
import { keygen } from './keygen.js';
import { present } from './present.js';
import { render } from './render.js';
import { scan } from './scan.js';
import { statusList } from './status-list.js';
import { trust } from './trust.js';
import { verify } from './verify.js';

/** Every command, in the order `healthcode --help` lists them. */
export const COMMANDS: readonly Command[] = [keygen, issue, verify, render, scan, inspect, trust, holderKeygen, present, statusList];
