// wasm/index.d.ts — TypeScript declarations of the PE Lab JavaScript API (wasm/index.js).

export type PeScheme = 'none' | 'sinusoidal' | 'learned' | 'rope' | 'alibi' | 't5';
export type LabName = 'permutation' | 'sinusoidal' | 'rope' | 'extrapolation' | 'head-to-head' | 'biases' | 'context-extension';
export type StreamName = 'input' | 'weightQ' | 'weightK' | 'weightV' | 'weightO' | 'learnedPe' | 't5Bias' |
  'wordVectors' | 'labData' | 'modelInit' | 'corpus' | 'batches';

export interface Versions {
  pe_lab: string;
  eigen: string;
  /** The Emscripten version that compiled the module. */
  emscripten: string;
  /** "node 20.x" or the browser's user agent. */
  runtime: string;
}

export interface RopeScaling {
  type: 'none' | 'linear' | 'ntk' | 'dynamic-ntk' | 'yarn' | 'llama3';
  factor: number;           // s >= 1
  originalMaxPosition?: number;  // L0, default 4096
  betaFast?: number;
  betaSlow?: number;
  lowFreqFactor?: number;
  highFreqFactor?: number;
}

/**
 * A run's budget: 'none' lifts the time limit (the memory one, BUDGET.bytes, always applies); an object
 * sets either limit (bytes at most BUDGET.bytes; seconds > 0, Infinity allowed). Default: BUDGET.
 */
export type Budget = 'none' | { bytes?: number; seconds?: number };

/** What a run will cost, from its parameters alone (wasm/cost.js). */
export interface CostEstimate {
  bytes: number;     // result arrays kept (matrices at their element size, 8 bytes a number; head-to-head adds its weights)
  seconds: number;   // one thread, at rates calibrated by bench/cost-calibration.mjs
  work: number;      // flop-like count the seconds are computed from
  notes: string[];   // what drives the cost, in words
}

/** runLab's cost without running it; params as runLab takes them (validated, defaults filled). */
export function estimateCost(name: LabName, params?: Record<string, unknown>): CostEstimate;
/** Throws runLab's budget refusal (PE_LAB_BAD_ARGUMENT) without running, or returns the estimate; budget 'none' checks memory only. */
export function checkRunBudget(name: LabName, params?: Record<string, unknown>, budget?: Budget): CostEstimate;
/** Default budget: 512 MiB of result arrays, 20 s. */
export const BUDGET: Readonly<{ bytes: number; seconds: number }>;
/** The page runs a link on load only if its estimate is below this many seconds (2). */
export const AUTO_RUN_SECONDS: number;
/** A named preset of a lab (wasm/presets.js): the schema's defaults with `params` over them. */
export interface Preset {
  id: string;
  params: Record<string, unknown>;
  en: { name: string; what: string };
  es: { name: string; what: string };
}
export const PRESETS: Readonly<Partial<Record<LabName, readonly Preset[]>>>;
export function presetsOf(lab: LabName): readonly Preset[];
/** Every parameter of preset `id` (defaults filled); an unknown id throws a PE_LAB_BAD_ARGUMENT Error (param 'preset'). */
export function presetParams(lab: LabName, id: string): Record<string, unknown>;

export interface AttentionOptions {
  T?: number;               // default 64
  dModel?: number;          // default 32
  nHeads?: number;          // default 2, must divide dModel
  seed?: number;            // default 0
  pe?: PeScheme;            // default 'none'
  x?: ArrayLike<number>;    // T·dModel, row-major; default N(0, I) rows from the seed's input stream
  causal?: boolean;         // default false
  base?: number;            // default 10000 (sinusoidal, RoPE)
  convention?: 'interleaved' | 'half-split';
  learnedTMax?: number;     // default 64
  beyond?: 'clamp' | 'wrap' | 'error';  // default 'clamp'
  learnedSigma?: number;    // default 1
  numBuckets?: number;      // T5, default 32
  maxDistance?: number;     // T5, default 128
  t5Sigma?: number;         // default 1
  keepScores?: boolean;     // also return the pre-softmax scores
  budget?: Budget;          // default BUDGET; 'none' lifts the time limit (a layer over it is refused before computing)
  ropeScaling?: RopeScaling;
}

export interface AttentionResult {
  output: Float32Array;     // T·dModel
  weights: Float32Array;    // nHeads·T·T, head-major
  entropy: Float32Array;    // nHeads·T, nats
  peInput: Float32Array;    // T·dModel, what was added to x
  scores?: Float32Array;    // nHeads·T·T when keepScores
}

export interface JsonMatrix { shape: [number, number]; data: number[] }

export interface LabRun<R = Record<string, unknown>> {
  params: Record<string, unknown>;
  result: R;
  manifest: Record<string, unknown>;
  /**
   * Every deliverable by file name, each built on first read: texts, CSV and JSON as strings; a PNG as a
   * Promise of its bytes (await it); binary files as Uint8Array.
   */
  files: Record<string, string | Uint8Array | Promise<Uint8Array>>;
  /** Not enumerable: what filesFor needs beside result (head-to-head's trained weights), else undefined. */
  readonly raw?: unknown;
}

export interface Progress { fraction: number; message?: string; [key: string]: unknown }

export type HeadToHeadVariant = 'none' | 'learned' | 'sinusoidal' | 'rope' | 'alibi' | 't5';
/** `setting`: preset 'robustness' only, a setting of the core's grid (trained with its parameters). */
export interface HeadToHeadJob { variant: HeadToHeadVariant; seed: number; setting?: HeadToHeadRobustnessSetting }
export type HeadToHeadRobustnessSetting = 'baseline' | 'sqrt-d' | 'std-1' | 'sqrt-d-std-1' | 'half-budget' | 'double-budget';
/** runLab('head-to-head', { preset: 'robustness' }).result: the verdict per setting (core/labs/h2h_robustness.h). */
export interface HeadToHeadRobustnessResult {
  preset: 'robustness';
  criterion: { split: 'ood20'; measure: 'conjAcc'; rule: 'rope-min-above-sinusoidal-max'; convergedConjLoss: number };
  seeds: number[];
  settings: Array<{
    id: HeadToHeadRobustnessSetting; embedScale: 'none' | 'sqrt-d'; embedInitStd: number; steps: number; batch: number; lr: number;
    sinusoidal: RobustnessSpread; rope: RobustnessSpread;
    /** mean(RoPE) − mean(sinusoidal) */ gap: number;
    /** min(RoPE) − max(sinusoidal): > 0 exactly when the seed ranges are apart, RoPE above */ margin: number;
    verdict: 'holds' | 'does_not_hold' | 'not_converged';
  }>;
  counts: { holds: number; does_not_hold: number; not_converged: number };
  runs: Array<{ setting: HeadToHeadRobustnessSetting; variant: 'sinusoidal' | 'rope'; seed: number; trainConjLoss: number;
    ood20ConjAcc: number; converged: boolean; trainSeconds: number }>;
}
/** ood20 conjugation accuracy over seeds, and convergence (train conjugation loss <= 0.1) per seed. */
export interface RobustnessSpread { mean: number; min: number; max: number; seeds: number; convergedSeeds: number; converged: boolean; trainConjLossMax: number }

/** The mini-GPT's configuration as trained and as saved in weights.json. */
export interface GptConfig {
  vocabSize: number; dModel: number; nLayers: number; nHeads: number; maxLen: number;
  peKind: HeadToHeadVariant; tieEmbeddings: boolean;
  /** 'none' (default) or 'sqrt-d': token embeddings × √dModel before the PE; absent in older files = 'none' */
  embedScale?: 'none' | 'sqrt-d';
  /** wte's init std, (0, 1]; absent in older files = 0.02 */
  embedInitStd?: number;
}

/** One split's measures (loss and entropyFloor in nats per predicted token). */
export interface SplitMetrics {
  split: 'train' | 'val' | 'ood10' | 'ood15' | 'ood20' | 'ood40'; length: number; nSequences: number; nSlots: number;
  loss: number; entropyFloor: number; lossWithin: number; entropyFloorWithin: number; conjLoss: number; conjAcc: number;
}

/** Attention maps of the sample sentence: maps[layer·nHeads + head] is T×T row-major. */
export interface RawAttention {
  tokens: ArrayLike<number>; text: string; nLayers: number; nHeads: number; T: number; maps: Float32Array[];
}

/** One trained (variant, seed) as trainHeadToHead returns it (structured-cloneable: it may cross a worker). */
export interface HeadToHeadRawRun {
  variant: HeadToHeadVariant; seed: number; cancelled: boolean; stepsDone: number;
  lossCurve: Float32Array;   // steps
  metrics: SplitMetrics[];
  /** the first OOD length-20 sequence (T = 21) and the first length-40 one (T = 41), every layer and head */
  attention: RawAttention; attention40: RawAttention;
  /** train conjugation loss <= 0.1 (core/labs/head_to_head.h kConvergedConjLoss) */
  converged: boolean;
  /** learned rows [first, last] (or []) and T5 buckets no training sequence reaches (they keep their init) */
  untouched: { learnedRows: Int32Array | number[]; t5Buckets: Int32Array | number[]; trainLength: number };
  paramCount: number;
  flops: Array<{ T: number; total: number; [part: string]: number }>;
  trainSeconds: number; tokensPerSecond: number;
  weights: Float32Array;     // paramCount
  config: GptConfig;
  /** the inferenceFactor it was evaluated with, and (rope only; [] otherwise) every scaling × val/OOD split */
  inferenceFactor: number;
  inference: InferenceRow[];
}

/** RoPE extended at inference (core/labs/h2h_inference.h): one method on one split of one trained model. */
export interface InferenceRow {
  method: 'linear' | 'ntk' | 'dynamic-ntk' | 'yarn' | 'llama3'; split: SplitMetrics['split']; factor: number;
  conjAcc: number; conjLoss: number; loss: number;
}
type Range = { mean: number; min: number; max: number };
/** runLab('head-to-head').result.inference (null without a rope variant). */
export interface HeadToHeadInference {
  trainLength: number; inferenceFactor: number; methods: InferenceRow['method'][];
  splits: Array<{ split: string; T: number; factor: number }>;
  summary: Record<string, Record<string, { factor: number; loss: Range; conjLoss: Range; conjAcc: Range }>>;
  rows: Array<InferenceRow & { seed: number }>;
  pairs: Array<{ method: string; split: string; factor: number; attentionFactor: number; relChange: number[]; changed: number; nPairs: number; ramp: number[] | null }>;
  coincide: Array<{ split: string; a: string; b: string; maxRelDiff: number; pairsAgreeing: number; same: boolean }>;
  tolerance: { changed: number; coincide: number; claimLengthRatio: number };
  verdict: {
    id: 'holds' | 'contradicted' | 'inconclusive' | 'missing-long-split' | 'missing-rope' | 'rope-not-converged' | 'missing-remedy';
    split: string; T: number; ratio: number; excluded: string[];
    /** holds: the remedy above every plain PE; contradicted: the plain PE above every remedy; '' otherwise */
    decidedBy: string;
    entries: Array<{ name: string; role: 'plain' | 'remedy' | 'scaling'; seeds: number } & Range>;
    comparisons: Array<{ a: string; b: string; aBeatsB: boolean; bBeatsA: boolean }>;
  };
}

export interface PeLab {
  version: string;
  versions: Versions;
  sinusoidal(T: number, d: number, options?: { base?: number }): Float32Array;
  ropeFrequencies(dHead: number, options?: { base?: number }): Float64Array;
  applyRope(x: ArrayLike<number>, T: number, dHead: number, options?: {
    positions?: ArrayLike<number>; base?: number; convention?: 'interleaved' | 'half-split';
    precision?: 'float32' | 'float64'; ropeScaling?: RopeScaling;
  }): Float32Array | Float64Array;
  ropeScaling(dHead: number, scaling: RopeScaling, options?: { base?: number; length?: number }): {
    invFreq: Float64Array; attentionFactor: number; ramp: Float64Array; effectiveBase: number;
  };
  alibiSlopes(nHeads: number): Float64Array;
  t5Buckets(T: number, options?: { bidirectional?: boolean; numBuckets?: number; maxDistance?: number }): Int32Array;
  learnedPe(T: number, d: number, options?: { tMax?: number; beyond?: 'clamp' | 'wrap' | 'error'; sigma?: number; seed?: number }): Float32Array;
  attention(options?: AttentionOptions): AttentionResult;
  random(options?: { seed?: number; n?: number; kind?: 'uniform' | 'normal' | 'u32'; stream?: StreamName | number }): Float64Array | Uint32Array;
  runLab(name: LabName, params?: Record<string, unknown>, options?: {
    onProgress?: (p: Progress) => void;
    /** In Node, the lab then runs in a worker thread; abort terminates it and rejects with an AbortError. */
    signal?: AbortSignal;
    /** Default BUDGET; a run over it is refused (PE_LAB_BAD_ARGUMENT naming the driving parameter) before computing. */
    budget?: Budget;
    /** Pooled labs only (head-to-head): runs from trainJobs (any order, one per job) to assemble instead of training. */
    runs?: HeadToHeadRawRun[];
  }): Promise<LabRun>;
  /** Trains a pooled lab's jobs (default: planJobs(name, params)) without assembling; then runLab(name, params, { runs }). */
  trainJobs(name: LabName, params?: Record<string, unknown>, options?: {
    jobs?: unknown[]; onProgress?: (p: Progress) => void;
    /** In Node, training then runs in a worker thread; abort terminates it and rejects with an AbortError. */
    signal?: AbortSignal;
  }): Promise<unknown[]>;
  /** Trains head-to-head jobs (default: every (variant, seed) of params, seed-major) without assembling them. */
  trainHeadToHead(params?: Record<string, unknown>, options?: {
    jobs?: HeadToHeadJob[]; onProgress?: (p: Progress) => void;
    /** In Node, training then runs in a worker thread; abort terminates it and rejects with an AbortError. */
    signal?: AbortSignal;
  }): Promise<HeadToHeadRawRun[]>;
  /** Re-evaluates a head-to-head weights.json (text or parsed) without retraining, one entry per saved run. */
  evaluateWeights(weightsJson: string | Record<string, unknown>): Array<{
    variant: HeadToHeadVariant; seed: number; config: GptConfig; metrics: SplitMetrics[]; attention: RawAttention; attention40: RawAttention;
  }>;
}

export function createPeLab(): Promise<PeLab>;
export default createPeLab;
/** A run's lazy `files` rebuilt from runLab's parts (e.g. after a run in a worker), without recomputing. */
export function filesFor(name: LabName, params: Record<string, unknown>, result: Record<string, unknown>,
  manifest: Record<string, unknown>, raw?: unknown): LabRun['files'];
export const PE_SCHEMES: readonly PeScheme[];

/** One parameter of a lab's schema (wasm/schema.js): type, default, range or values, descriptions. */
export interface ParamSpec {
  type: 'int' | 'number' | 'bool' | 'enum' | 'string' | 'intList' | 'pairList' | 'enumList';
  default: unknown; min?: number; max?: number; values?: readonly string[]; minItems?: number; maxItems?: number;
  [key: string]: unknown;
}
/** Every lab's schema: { params: { name: ParamSpec }, … }. */
export const LABS: Readonly<Record<LabName, { params: Record<string, ParamSpec>; [key: string]: unknown }>>;
export const LAB_NAMES: readonly LabName[];
/** The lab's full parameter object (defaults filled); throws runLab's coded Error for a bad one. */
export function resolveParams(name: LabName, params?: Record<string, unknown>): Record<string, unknown>;
/** A schema entry's allowed values in words (runLab's Errors carry it as `allowed`). */
export function describeParam(spec: ParamSpec): string;
/** result.json's text ({ lab, params, result }, compact; matrices over 2^20 entries left out). */
export function resultJson(name: LabName, params: Record<string, unknown>, result: Record<string, unknown>): string;
/** A pooled lab's jobs in canonical order (head-to-head: its (variant, seed) pairs), or null for a lab run in one piece. */
export function planJobs(name: 'head-to-head', params?: Record<string, unknown>): HeadToHeadJob[];
export function planJobs(name: LabName, params?: Record<string, unknown>): unknown[] | null;
/** { pooled } of a lab, plus the constants a page shows beside its results. */
export function labInfo(name: 'head-to-head'): {
  pooled: true; splits: readonly string[];
  coursePredictions: ReadonlyArray<{ key: string; sinusoidal: number; rope: number; [key: string]: unknown }>;
};
export function labInfo(name: LabName): { pooled: boolean; [key: string]: unknown };
/** Head-to-head's main figure, for a page: chart series (pe-lab/figures' ChartSpec series) of `measure` against the
 *  evaluated length — per key of `summary` a mean line and a seed min–max band (upper edge filled to the lower) — and
 *  each scheme's colour in its figures. */
export function headToHeadLengthSeries(summary: Record<string, Record<string, Record<string, { mean: number; min: number; max: number }>>>,
  lengthAxis: Array<{ split: string; length: number }>, measure: 'conjAcc' | 'conjLoss', options: {
    label: (key: string) => string; edge?: (stat: 'min' | 'max') => string; colour?: (key: string) => string;
    dash?: (key: string) => number[] | undefined; offset?: number;
  }): Array<Record<string, unknown>>;
export const headToHeadColours: Readonly<Record<HeadToHeadVariant, string>>;
