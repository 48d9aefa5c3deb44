// wasm/schema.js — every lab's parameters in one place: type, default, range, and an English and a
// Spanish description. runLab's validation, the page's controls and the CLI's --help are all driven by it.
// Types: int, number, string, bool, enum (values), intList (comma-separated in URLs/CLI), enumList.
// Titles: 'Lab NN — …', NN the section's number on the page (00 … 06 in page order; tests/node/presets.test.mjs checks).
// `primary: true` marks the two or three parameters a lab's page shows first; the others sit under its
// "More parameters" fold (web/ui/controls.js). Named presets per lab: wasm/presets.js.

/** The positional schemes: the one list of their identifiers (core/positional/scheme.h has the same). */
export const PE_SCHEMES = Object.freeze(['none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5']);
/** Lab 03's course rows (the course compares these three); the other schemes are its optional extra rows. */
export const COURSE_SCHEMES = Object.freeze(['sinusoidal', 'learned', 'rope']);
/** The schemes the mini-GPT implements (core/model/gpt.h: all of them), in the head-to-head study's order. */
export const MODEL_SCHEMES = Object.freeze(['none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5']);
/** Head-to-head presets: the course's experiment (the schema's defaults), the full study (every scheme) and the
 *  headline's robustness (sinusoidal vs RoPE over the core's grid of embedding and budget settings). */
export const HEAD_TO_HEAD_PRESETS = Object.freeze(['course', 'study', 'robustness']);
/** Embedding scalings of the mini-GPT (core/model/gpt.h EmbedScale): as they are, or × √d_model (Vaswani et al.). */
export const EMBED_SCALES = Object.freeze(['none', 'sqrt-d']);

export const LABS = {
  permutation: {
    experiment: '16-permutation',
    title: { en: 'Lab 00 — attention without positions cannot see word order', es: 'Lab 00 — la atención sin posiciones no ve el orden de las palabras' },
    params: {
      sentence: { primary: true, type: 'string', default: 'I work he', maxLength: 200,
        en: 'Sentence, words separated by spaces', es: 'Oración, palabras separadas por espacios' },
      reordered: { primary: true, type: 'string', default: 'he work I', maxLength: 200,
        en: 'The same words in another order', es: 'Las mismas palabras en otro orden' },
      dModel: { type: 'int', default: 16, min: 2, max: 256, multipleOf: 2,
        en: 'Model width d_model', es: 'Ancho del modelo d_model' },
      nHeads: { type: 'int', default: 2, min: 1, max: 16,
        en: 'Attention heads (must divide d_model)', es: 'Cabezas de atención (deben dividir d_model)' },
      seed: { type: 'int', default: 0, min: 0, max: 4294967295,
        en: 'Random seed (weights and word vectors)', es: 'Semilla aleatoria (pesos y vectores de palabras)' },
    },
  },
  sinusoidal: {
    experiment: '16-sinusoidal',
    title: { en: 'Lab 01 — sinusoidal positional encoding', es: 'Lab 01 — codificación posicional sinusoidal' },
    params: {
      T: { primary: true, type: 'int', default: 64, min: 2, max: 2048, en: 'Positions T', es: 'Posiciones T' },
      d: { primary: true, type: 'int', default: 32, min: 2, max: 1024, multipleOf: 2, en: 'Dimension d (even)', es: 'Dimensión d (par)' },
      base: { type: 'number', default: 10000, min: 1, exclusiveMin: true, max: 1e9, en: 'Base of the frequencies', es: 'Base de las frecuencias' },
      offset: { primary: true, type: 'int', default: 5, min: 1, max: 2047, en: 'Offset k for PE(t+k) = M_k·PE(t)', es: 'Desplazamiento k para PE(t+k) = M_k·PE(t)' },
      dims: { type: 'intList', default: [0, 2, 8, 16], min: 0, max: 1023, minItems: 1, maxItems: 8,
        en: 'Dimensions plotted as curves', es: 'Dimensiones dibujadas como curvas' },
    },
  },
  rope: {
    experiment: '16-rope',
    title: { en: 'Lab 02 — RoPE and the relative-position property', es: 'Lab 02 — RoPE y la propiedad de posición relativa' },
    params: {
      dHead: { primary: true, type: 'int', default: 16, min: 2, max: 512, multipleOf: 2, en: 'Head size d_head (even)', es: 'Tamaño de cabeza d_head (par)' },
      T: { type: 'int', default: 32, min: 2, max: 4096, en: 'Positions T (m, n < T)', es: 'Posiciones T (m, n < T)' },
      base: { primary: true, type: 'number', default: 10000, min: 1, exclusiveMin: true, max: 1e9, en: 'RoPE base', es: 'Base de RoPE' },
      seed: { type: 'int', default: 0, min: 0, max: 4294967295, en: 'Random seed for q and k', es: 'Semilla aleatoria para q y k' },
      convention: { type: 'enum', values: ['interleaved', 'half-split'], default: 'interleaved',
        en: 'Pairing convention: interleaved (2k, 2k+1) or half-split (k, k+d/2)', es: 'Convención de pares: intercalada (2k, 2k+1) o mitades (k, k+d/2)' },
      precision: { type: 'enum', values: ['float64', 'float32'], default: 'float64',
        en: 'Precision of the headline check', es: 'Precisión de la verificación principal' },
      pairs: { primary: true, type: 'pairList', default: [[0, 1], [3, 7], [5, 5], [10, 12], [20, 8]], min: 0, max: 4095, minItems: 1, maxItems: 32,
        en: 'Position pairs m:n to check', es: 'Pares de posiciones m:n a verificar' },
      normPositions: { type: 'intList', default: [0, 1, 5, 100], min: 0, max: 1000000000, minItems: 1, maxItems: 16,
        en: 'Positions p for the norm check', es: 'Posiciones p para la verificación de norma' },
      demoM: { type: 'int', default: 0, min: 0, max: 4095, en: 'm of the demo curve (n = 0 … T−1)', es: 'm de la curva de demostración (n = 0 … T−1)' },
    },
  },
  extrapolation: {
    experiment: '16-extrapolation',
    title: { en: 'Lab 03 — extrapolation beyond the training length', es: 'Lab 03 — extrapolación más allá de la longitud de entrenamiento' },
    params: {
      TSweep: { primary: true, type: 'intList', default: [64, 96, 128, 192, 256], min: 2, max: 2048, minItems: 1, maxItems: 12,
        en: 'Sequence lengths T to sweep', es: 'Longitudes de secuencia T a recorrer' },
      extraSchemes: { type: 'enumList', values: PE_SCHEMES.filter((s) => !COURSE_SCHEMES.includes(s)), default: [], minItems: 0, maxItems: 3,
        en: 'Extra rows beside sinusoidal, learned and RoPE', es: 'Filas extra junto a sinusoidal, aprendida y RoPE' },
      learnedTMax: { primary: true, type: 'int', default: 64, min: 1, max: 2048, en: 'Learned PE table size T_max', es: 'Tamaño de la tabla aprendida T_max' },
      beyond: { primary: true, type: 'enum', values: ['clamp', 'wrap'], default: 'clamp',
        en: 'Learned PE past T_max: clamp to row T_max−1, or wrap (pos mod T_max)', es: 'PE aprendida más allá de T_max: fijar a la fila T_max−1 o envolver (pos mod T_max)' },
      head: { type: 'int', default: 0, min: 0, max: 63, en: 'Head shown in the heatmaps', es: 'Cabeza mostrada en los mapas de calor' },
      dModel: { type: 'int', default: 32, min: 2, max: 512, multipleOf: 2, en: 'Model width d_model', es: 'Ancho del modelo d_model' },
      nHeads: { type: 'int', default: 2, min: 1, max: 64, en: 'Attention heads', es: 'Cabezas de atención' },
      seed: { type: 'int', default: 0, min: 0, max: 4294967295, en: 'Random seed (weights and inputs)', es: 'Semilla aleatoria (pesos y entradas)' },
      causal: { type: 'bool', default: false, en: 'Causal mask', es: 'Máscara causal' },
    },
  },
  biases: {
    experiment: '16-biases',
    title: { en: 'Lab 05 — learned PE, T5 relative biases and ALiBi side by side (the course\'s Theory 02)', es: 'Lab 05 — PE aprendida, sesgos relativos de T5 y ALiBi lado a lado (la Teoría 02 del curso)' },
    params: {
      tMax: { primary: true, type: 'int', default: 64, min: 1, max: 4096, en: 'Learned table rows T_max (notional training length)', es: 'Filas de la tabla aprendida T_max (longitud de entrenamiento nocional)' },
      d: { type: 'int', default: 32, min: 1, max: 1024, en: 'Learned table width d', es: 'Ancho de la tabla aprendida d' },
      T: { type: 'int', default: 96, min: 1, max: 4096, en: 'Length T looked up in the learned table', es: 'Longitud T consultada en la tabla aprendida' },
      numBuckets: { type: 'int', default: 32, min: 4, max: 256, multipleOf: 2, en: 'T5 buckets', es: 'Cubetas de T5' },
      maxDistance: { primary: true, type: 'int', default: 128, min: 2, max: 8192, en: 'T5 max distance', es: 'Distancia máxima de T5' },
      maxRelative: { type: 'int', default: 160, min: 1, max: 4096, en: 'Relative positions shown in the bucket map (±)', es: 'Posiciones relativas mostradas en el mapa de cubetas (±)' },
      nHeads: { type: 'int', default: 8, min: 1, max: 64, en: 'Heads (T5 and ALiBi)', es: 'Cabezas (T5 y ALiBi)' },
      head: { type: 'int', default: 0, min: 0, max: 63, en: 'Head shown in the bias matrices', es: 'Cabeza mostrada en las matrices de sesgo' },
      biasT: { type: 'int', default: 32, min: 2, max: 256, en: 'Size of the bias matrices shown', es: 'Tamaño de las matrices de sesgo mostradas' },
      farT: { primary: true, type: 'int', default: 512, min: 2, max: 2048, en: 'ALiBi attention length (far beyond T_max)', es: 'Longitud de la atención con ALiBi (muy por encima de T_max)' },
      dModel: { type: 'int', default: 32, min: 2, max: 512, en: 'Width of the untrained layer d_model', es: 'Ancho de la capa sin entrenar d_model' },
      seed: { type: 'int', default: 0, min: 0, max: 4294967295, en: 'Random seed', es: 'Semilla aleatoria' },
    },
  },
  'context-extension': {
    experiment: '16-context-extension',
    title: { en: 'Lab 06 — RoPE context extension: Position Interpolation, NTK-aware, dynamic NTK, YaRN, Llama 3', es: 'Lab 06 — extensión de contexto de RoPE: interpolación de posiciones, NTK, NTK dinámico, YaRN, Llama 3' },
    params: {
      trainLength: { primary: true, type: 'int', default: 128, min: 2, max: 4096, en: 'Training length L₀', es: 'Longitud de entrenamiento L₀' },
      factor: { primary: true, type: 'number', default: 4, min: 1, max: 64, en: 'Extension factor s (runs at L = s·L₀)', es: 'Factor de extensión s (se ejecuta a L = s·L₀)' },
      dHead: { type: 'int', default: 32, min: 4, max: 512, multipleOf: 2, en: 'Head size d_head', es: 'Tamaño de cabeza d_head' },
      base: { type: 'number', default: 10000, min: 1, exclusiveMin: true, max: 1e9, en: 'RoPE base', es: 'Base de RoPE' },
      methods: { primary: true, type: 'enumList', values: ['none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'],
        default: ['none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'], minItems: 1, maxItems: 6,
        en: 'Methods compared', es: 'Métodos comparados' },
      nHeads: { type: 'int', default: 2, min: 1, max: 16, en: 'Heads of the untrained layer (d_model = nHeads·d_head)', es: 'Cabezas de la capa sin entrenar (d_model = nHeads·d_head)' },
      head: { type: 'int', default: 0, min: 0, max: 15, en: 'Head shown in the heatmaps', es: 'Cabeza mostrada en los mapas de calor' },
      causal: { type: 'bool', default: true, en: 'Causal mask', es: 'Máscara causal' },
      seed: { type: 'int', default: 0, min: 0, max: 4294967295, en: 'Random seed', es: 'Semilla aleatoria' },
    },
  },
  'head-to-head': {
    experiment: '16-pe-compare',
    title: { en: 'Lab 04 — a trained mini-GPT, sinusoidal vs RoPE, beyond the training length (the course\'s Experiment 04)', es: 'Lab 04 — un mini-GPT entrenado, sinusoidal frente a RoPE, más allá de la longitud de entrenamiento (el Experimento 04 del curso)' },
    params: {
      preset: { type: 'enum', values: [...HEAD_TO_HEAD_PRESETS], default: 'course',
        en: "Preset: 'course' trains the variants below (default sinusoidal and RoPE); 'study' trains all six schemes",
        es: "Preajuste: 'course' entrena las variantes de abajo (por defecto sinusoidal y RoPE); 'study' entrena los seis esquemas" },
      variants: { primary: true, type: 'enumList', values: [...MODEL_SCHEMES], default: ['sinusoidal', 'rope'], minItems: 1, maxItems: 6,
        en: 'Position schemes trained', es: 'Esquemas de posición entrenados' },
      seeds: { primary: true, type: 'int', default: 3, min: 1, max: 10, en: 'Seeds per scheme', es: 'Semillas por esquema' },
      seed: { type: 'int', default: 0, min: 0, max: 4294967295, en: 'First model seed (init and batch order)', es: 'Primera semilla del modelo (inicialización y orden de lotes)' },
      steps: { primary: true, type: 'int', default: 400, min: 1, max: 5000, en: 'Training steps', es: 'Pasos de entrenamiento' },
      batch: { type: 'int', default: 16, min: 1, max: 240, en: 'Sentences per step', es: 'Oraciones por paso' },
      lr: { type: 'number', default: 0.01, min: 0, exclusiveMin: true, max: 0.1, en: 'Peak learning rate (AdamW; warmup, cosine)', es: 'Tasa de aprendizaje máxima (AdamW; calentamiento, coseno)' },
      dModel: { type: 'int', default: 64, min: 8, max: 256, multipleOf: 2, en: 'Model width d_model', es: 'Ancho del modelo d_model' },
      nLayers: { type: 'int', default: 2, min: 1, max: 8, en: 'Layers', es: 'Capas' },
      embedScale: { type: 'enum', values: [...EMBED_SCALES], default: 'none',
        en: 'Token embeddings before the PE is added: as they are (GPT-2) or × √d_model (Vaswani et al.)', es: 'Embeddings de token antes de sumar la PE: tal cual (GPT-2) o × √d_model (Vaswani et al.)' },
      embedInitStd: { type: 'number', default: 0.02, min: 0, exclusiveMin: true, max: 1,
        en: 'Token embedding init std (0.02 as GPT-2; 1 as PyTorch nn.Embedding)', es: 'Desv. típica inicial de los embeddings de token (0,02 como GPT-2; 1 como nn.Embedding de PyTorch)' },
      nHeads: { type: 'int', default: 4, min: 1, max: 16, en: 'Heads per layer', es: 'Cabezas por capa' },
      maxLen: { type: 'int', default: 41, min: 41, max: 512, en: 'Maximum length (BOS included; ood40 needs 41)', es: 'Longitud máxima (BOS incluido; ood40 necesita 41)' },
      vocabSize: { type: 'int', default: 0, min: 0, max: 4096, en: 'Vocabulary size (0 = the corpus vocabulary; the course uses 512)', es: 'Tamaño del vocabulario (0 = el del corpus; el curso usa 512)' },
      corpusSeed: { type: 'int', default: 0, min: 0, max: 4294967295, en: 'Corpus seed', es: 'Semilla del corpus' },
      inferenceFactor: { type: 'number', default: 0, min: 0, max: 64,
        en: 'RoPE at inference: scale factor s of the context-extension methods (0 = per split, T / L₀; else a fixed s ≥ 1)',
        es: 'RoPE en inferencia: factor de escala s de los métodos de extensión de contexto (0 = por partición, T / L₀; si no, un s ≥ 1 fijo)' },
    },
  },
};

export const LAB_NAMES = Object.keys(LABS);
