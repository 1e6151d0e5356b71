/** Reproducible sampling (随机抽取) and reviewer assignment (双随机、回避). Spec: docs/sampling.md. */
export { utf8Encode, sha256, sha256Hex, toHex, Xoshiro128ss, compareCodePoints, mulberry32 } from './prng';
export {
  SAMPLING_ALGORITHM,
  STRATUM_SEPARATOR,
  normalizeSampleSettings,
  unitSampleSize,
  allocateAcrossStrata,
  stratumSeed,
  drawSample,
  drawReplacement,
  verifyDraw,
} from './sampling';
export type {
  PopulationItem,
  SampleSettings,
  NormalizedSampleSettings,
  SampledItem,
  StratumSummary,
  UnitSummary,
  DrawResult,
  ReplacementCandidate,
  RecordedDraw,
  DrawDifference,
  VerifyResult,
} from './sampling';
export { ASSIGNMENT_ALGORITHM, EXCLUSION_LABELS, normalizeName, checkEligibility, assignReviewers, reassignForConflict } from './assignment';
export type {
  ReviewerRole,
  AssignReviewer,
  AssignDossier,
  ReviewerConflict,
  AssignOptions,
  ProposedAssignment,
  ExclusionReason,
  AssignmentProblem,
  AssignResult,
  CurrentAssignment,
  ReassignResult,
} from './assignment';
