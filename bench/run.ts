/**
 * `npm run bench` — builds its own data in a temporary folder and prints one JSON object per line:
 * {"name": "...", "value": number, "unit": "ms"|"ratio"|"MB"|"count"}. Not part of `npm test`:
 * speed targets live here, never in timed unit tests. `npm run bench -- <filter>` runs matching cases.
 */
import { checksBench } from './checks';
import { cliBench } from './cli';
import { foundationBench } from './foundation';
import { growthBench } from './growth';
import { runCases, type BenchCase } from './harness';
import { registerBench } from './register';
import { reportsBench } from './reports';
import { nextDossierBench, reviewBench } from './review';
import { pdfViewerBench } from './pdf-viewer';
import { ocrBench } from './ocr';
import { exportSheetBench } from './export-sheet';
import { packagesBench } from './packages';
import { packageMergeBench } from './package-merge';
import { pdfAppRangeBench } from './pdf-app-range';
import { factsBench } from './facts';
import { campaignPackageBench } from './campaign-package';
import { consensusBench } from './consensus';
import { electronMainBench } from './electron-main';
import { registerXlsxBench } from './register-xlsx';

const CASES: BenchCase[] = [foundationBench, registerBench, reviewBench, nextDossierBench, pdfViewerBench, checksBench, reportsBench, ocrBench, exportSheetBench, cliBench, growthBench, packagesBench, pdfAppRangeBench, factsBench, campaignPackageBench, packageMergeBench, consensusBench, electronMainBench, registerXlsxBench];

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`npm run bench needs Node 22 or newer (this is ${process.version}); see README.`);
  process.exit(1);
}

// No top-level await: this file is bundled to CommonJS (scripts/bench.mjs).
runCases(CASES, process.argv[2]).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
