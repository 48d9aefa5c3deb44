// wasm/presets.js — named presets per lab: a few parameter sets chosen to show a lab's interesting cases, each
// with a human name and a one-line "what it shows" in English and Spanish (like the schema's titles). A preset
// is the schema's defaults with `params` over them. The page shows them as buttons above a lab's parameters
// (web/ui/section.js); the CLI takes `pe-lab run <lab> --preset <id>` (flags and --params override it).
// Every preset is valid and within the default budget (tests/node/presets.test.mjs).
// Leaves out: head-to-head, whose presets are its `preset` parameter ('course', 'study': wasm/labs/head-to-head.js).
import { LABS } from './schema.js';
import { argError } from './validate.js';

export const PRESETS = Object.freeze({
  permutation: [
    { id: 'reversal', params: { sentence: 'I work he', reordered: 'he work I' },
      en: { name: 'A reversal', what: 'The course\'s example: every encoding but NoPE changes the outputs — except ALiBi, whose |i − j| cannot see a reversal' },
      es: { name: 'Una inversión', what: 'El ejemplo del curso: toda codificación salvo NoPE cambia las salidas, excepto ALiBi, cuya |i − j| no ve una inversión' } },
    { id: 'swap', params: { sentence: 'I work he', reordered: 'work I he' },
      en: { name: 'A swap, not a reversal', what: 'Two words swapped: now ALiBi changes the outputs too' },
      es: { name: 'Un intercambio, no una inversión', what: 'Dos palabras intercambiadas: ahora ALiBi también cambia las salidas' } },
    { id: 'repeated-word', params: { sentence: 'the dog bites the man', reordered: 'the man bites the dog' },
      en: { name: 'A repeated word', what: 'Same words, other meaning; “the” appears twice, so two reorderings give the same sentence' },
      es: { name: 'Una palabra repetida', what: 'Las mismas palabras, otro sentido; “the” aparece dos veces, así que dos reordenaciones dan la misma oración' } },
  ],
  sinusoidal: [
    { id: 'long-small-d', params: { T: 1024, d: 8, dims: [0, 2, 4, 6] },
      en: { name: 'Long T, small d', what: 'Only 4 frequencies for 1024 positions: far-apart positions look alike in PE(t)·PE(s)' },
      es: { name: 'T larga, d pequeña', what: 'Solo 4 frecuencias para 1024 posiciones: posiciones lejanas se parecen en PE(t)·PE(s)' } },
    { id: 'base-10', params: { base: 10 },
      en: { name: 'Base 10', what: 'Every wavelength is short: the similarity repeats along the diagonal' },
      es: { name: 'Base 10', what: 'Todas las longitudes de onda son cortas: la similitud se repite a lo largo de la diagonal' } },
    { id: 'far-offset', params: { offset: 40 },
      en: { name: 'A far offset', what: 'k = 40: one matrix still moves every position 40 steps ahead' },
      es: { name: 'Un desplazamiento lejano', what: 'k = 40: una sola matriz sigue moviendo cada posición 40 pasos adelante' } },
  ],
  rope: [
    { id: 'base-10', params: { base: 10 },
      en: { name: 'Base 10', what: 'Against the default 10000: every pair rotates fast and the demo curve oscillates' },
      es: { name: 'Base 10', what: 'Frente a la base 10000 por defecto: todos los pares giran rápido y la curva oscila' } },
    { id: 'far-pairs', params: { T: 1024, pairs: [[0, 1], [100, 101], [1000, 1001], [1023, 0]], precision: 'float32' },
      en: { name: 'Far positions in float32', what: 'Pairs up to 1023 checked in float32: the error grows with the position' },
      es: { name: 'Posiciones lejanas en float32', what: 'Pares hasta 1023 verificados en float32: el error crece con la posición' } },
    { id: 'half-split', params: { convention: 'half-split' },
      en: { name: 'Half-split pairs', what: 'The other pairing convention: the property holds the same' },
      es: { name: 'Pares por mitades', what: 'La otra convención de pares: la propiedad se cumple igual' } },
  ],
  extrapolation: [
    { id: 'far-clamp', params: { TSweep: [32, 64, 128, 512, 1024], beyond: 'clamp' },
      en: { name: 'Far past the table, clamp', what: 'T up to 1024 with a 64-row learned table clamped: 960 positions share one row, and learned PE is left out' },
      es: { name: 'Muy lejos de la tabla, fijar', what: 'T hasta 1024 con una tabla aprendida de 64 filas fijada: 960 posiciones comparten una fila y la PE aprendida queda fuera' } },
    { id: 'far-wrap', params: { TSweep: [32, 64, 128, 512, 1024], beyond: 'wrap' },
      en: { name: 'Far past the table, wrap', what: 'The same sweep with wrap: the table repeats every 64 positions' },
      es: { name: 'Muy lejos de la tabla, envolver', what: 'El mismo barrido envolviendo: la tabla se repite cada 64 posiciones' } },
    { id: 'all-six', params: { extraSchemes: ['none', 'alibi', 't5'] },
      en: { name: 'All six schemes', what: 'NoPE, ALiBi and T5 beside the course\'s three' },
      es: { name: 'Los seis esquemas', what: 'NoPE, ALiBi y T5 junto a los tres del curso' } },
  ],
  biases: [
    { id: 't5-past-max', params: { maxDistance: 24, maxRelative: 96 },
      en: { name: 'T5 past maxDistance', what: 'maxDistance 24: every offset of 24 or more falls in one shared bucket' },
      es: { name: 'T5 más allá de maxDistance', what: 'maxDistance 24: todo desplazamiento de 24 o más cae en una misma cubeta' } },
    { id: 'alibi-far', params: { farT: 2048 },
      en: { name: 'ALiBi at 2048', what: '32 times the training length: ALiBi still looks a few positions back' },
      es: { name: 'ALiBi a 2048', what: '32 veces la longitud de entrenamiento: ALiBi sigue mirando unas pocas posiciones atrás' } },
    { id: 'short-table', params: { tMax: 16, T: 128 },
      en: { name: 'A short learned table', what: 'T = 128 on a 16-row table: 112 positions read the last row' },
      es: { name: 'Una tabla aprendida corta', what: 'T = 128 con una tabla de 16 filas: 112 posiciones leen la última fila' } },
  ],
  'context-extension': [
    { id: 's-32', params: { trainLength: 32, factor: 32 },
      en: { name: 's = 32', what: 'A 32-fold extension (L₀ = 32 → L = 1024): the methods part ways' },
      es: { name: 's = 32', what: 'Una extensión de 32 veces (L₀ = 32 → L = 1024): los métodos se separan' } },
    { id: 's-2', params: { factor: 2 },
      en: { name: 's = 2', what: 'Even at twice the training length, plain RoPE\'s slow pairs leave the angles seen in training' },
      es: { name: 's = 2', what: 'Incluso al doble de la longitud de entrenamiento, los pares lentos de RoPE simple salen de los ángulos vistos al entrenar' } },
    { id: 'yarn-llama3', params: { methods: ['none', 'yarn', 'llama3'], factor: 8 },
      en: { name: 'YaRN against Llama 3', what: 'The two ramp methods beside plain RoPE at s = 8' },
      es: { name: 'YaRN frente a Llama 3', what: 'Los dos métodos con rampa junto a RoPE simple con s = 8' } },
  ],
});

/** The presets of `lab` ([] when it has none). */
export const presetsOf = (lab) => (Object.hasOwn(PRESETS, lab) ? PRESETS[lab] : []);

/** The full parameters of preset `id` of `lab`: the schema's defaults with the preset's over them; bad id → Error. */
export function presetParams(lab, id) {
  const preset = presetsOf(lab).find((p) => p.id === id);
  if (!preset) throw argError(`presets of ${lab}`, 'preset', presetsOf(lab).length ? `one of ${presetsOf(lab).map((p) => `'${p.id}'`).join(', ')}` : `none (${lab} has no named presets)`, id);
  const defaults = Object.fromEntries(Object.entries(LABS[lab].params).map(([k, s]) => [k, structuredClone(s.default)]));
  return { ...defaults, ...structuredClone(preset.params) };
}
