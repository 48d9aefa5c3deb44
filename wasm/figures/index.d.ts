// wasm/figures/index.d.ts — types of pe-lab/figures (wasm/figures/index.js): PNG figures as bytes.

export type Colormap = 'viridis' | 'diverging';
type Numbers = ArrayLike<number>;
type Format = (value: number) => string;

export interface HeatmapSpec {
  title?: string; rows: number; cols: number; data: Numbers; min?: number; max?: number; colormap?: Colormap;
  xLabel?: string; yLabel?: string; rowLabels?: Array<string | number>; colLabels?: Array<string | number>;
  note?: string; mask?: ((i: number, j: number) => boolean) | ArrayLike<boolean>; format?: Format; mark?: number;
}
export interface GridCell { rows: number; cols: number; data: Numbers; min?: number; max?: number; mark?: number }
export interface HeatmapGridSpec {
  title?: string; note?: string; rowLabels: Array<string | number>; colLabels: Array<string | number>;
  cells: GridCell[][]; colormap?: Colormap; format?: Format;
}
export interface Series {
  label?: string; x: Numbers; y: ArrayLike<number | null>; dash?: boolean | number[]; stepped?: boolean | 'before' | 'after' | 'middle';
  showLine?: boolean; pointRadius?: number | number[]; pointStyle?: string | string[]; colour?: string; width?: number;
  /** Fill the area between this series and series[fillTo] (a band), in fillColour (default: colour at 20%). */
  fillTo?: number; fillColour?: string;
  /** false: left out of the legend (e.g. a band's edges). */
  legend?: boolean;
}
export interface Marker { axis: 'x' | 'y'; value: number; label?: string; colour?: string; align?: 'left' | 'right' }
export interface ChartSpec {
  title?: string; xLabel?: string; yLabel?: string; xLog?: boolean; yLog?: boolean; series: Series[]; markers?: Marker[];
  xMin?: number; xMax?: number; yMin?: number; yMax?: number;
  /** PNG pixels (even), default 1280 × 800. */
  width?: number; height?: number;
  format?: Format; xFormat?: Format; yFormat?: Format;
}
export type Panel = { kind: 'heatmap'; spec: HeatmapSpec } | { kind: 'grid'; spec: HeatmapGridSpec } | { kind: 'chart'; spec: ChartSpec };
export interface PanelsSpec { title?: string; columns?: number; panels: Panel[] }

/** PNG bytes. Rejects with code 'PE_LAB_BAD_ARGUMENT' (param, allowed, got) or 'PE_LAB_NO_CANVAS'. */
export function heatmapPng(spec: HeatmapSpec): Promise<Uint8Array>;
export function heatmapGridPng(spec: HeatmapGridSpec): Promise<Uint8Array>;
export function chartPng(spec: ChartSpec): Promise<Uint8Array>;
export function panelsPng(spec: PanelsSpec): Promise<Uint8Array>;
/** True when PNGs can be drawn here (a browser canvas, or @napi-rs/canvas in Node). */
export function canvasAvailable(): Promise<boolean>;
/** Browsers only: the figure drawn on a fresh OffscreenCanvas or <canvas> (2 device px per CSS px). */
export function figureCanvas(kind: Panel['kind'], spec: HeatmapSpec | HeatmapGridSpec | ChartSpec): OffscreenCanvas | HTMLCanvasElement;
/** Tests only: replaces how the canvas provider loads (null restores the default). */
export function _setCanvasLoader(loader: (() => unknown) | null): void;
export const NO_CANVAS: 'PE_LAB_NO_CANVAS';
export const PNG_SCALE: number;
export const COLORMAPS: readonly Colormap[];
export const MASK_RGB: [number, number, number];
export const SERIES_COLOURS: string[];
export function colourOf(v: number, min: number, max: number, colormap?: Colormap): [number, number, number];
export function heatmapRange(data: Numbers, colormap: Colormap, min?: number, max?: number, masked?: Uint8Array | null): [number, number];
export function tickIndices(n: number, maxTicks?: number): number[];
/** One byte per cell (1: masked) from a predicate or booleans; null without a mask. */
export function maskBytes(mask: HeatmapSpec['mask'] | null | undefined, rows: number, cols: number): Uint8Array | null;
export function poolMax(m: { shape: [number, number]; data: Numbers }, maxSide: number, skip?: Uint8Array | null):
  { matrix: { shape: [number, number]; data: Numbers }; block: number };
/** poolMax in steps of about `cells` matrix cells (whole rows, default 2^20): call every step in order, then done(). */
export function poolMaxSteps(m: { shape: [number, number]; data: Numbers }, maxSide: number, cells?: number, skip?: Uint8Array | null):
  { steps: Array<() => void>; done: () => { matrix: { shape: [number, number]; data: Numbers }; block: number } };
/** The cells to draw at most maxSide a side: the map itself (block 1), or its block max-pooling (a block whose cells are all masked is -Infinity, drawn in the mask colour). */
export function drawableCells(m: { rows: number; cols: number; data: Numbers; masked?: Uint8Array | null }, maxSide: number):
  { rows: number; cols: number; data: Numbers; masked: Uint8Array | null; block: number };
export function medianRowMax(...matrices: Array<{ shape: [number, number]; data: Numbers }>): number;
export function blockLabels(n: number, block: number): string[] | undefined;
export function powerOfTen(k: number): string;
