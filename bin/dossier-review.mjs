#!/usr/bin/env node
// `dossier-review` command line. The CLI is TypeScript run through tsx (a runtime dependency):
// register its loader, then load the entry. A dynamic import, so it runs after register().
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
