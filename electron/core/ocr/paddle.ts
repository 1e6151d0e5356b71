/**
 * PaddleOCR PP-OCRv4 (detection + recognition) on onnxruntime-node, fed grey pixels directly.
 *
 * It replaces @gutenye/ocr-node's `detect()` loop, whose pre- and post-processing cost as much CPU as
 * the models themselves on a full page: every page went grey → PNG → sharp decode → RGBA, pixels were
 * converted with `Array.push` and spread into plain arrays of millions of numbers (then copied again
 * into a Float32Array), and the probability map was walked with an iterator. Here the tensors are
 * filled from typed arrays, nothing is encoded or decoded, and the same models, the same thresholds
 * and the same box finder (@gutenye/ocr-common's splitIntoLineImages: contours, unclip, perspective
 * crop) are used, so the text read is the same. What the library's recognition step did after the
 * models (confidence filter, grouping boxes into rows) is reproduced below as it was.
 *
 * Loaded only by engine.ts inside the OCR worker; packages only, no relative imports (engine.ts's rule).
 * Only erasable TypeScript syntax (Node strips the types when the worker runs from source).
 */
import { readFile } from 'node:fs/promises';

type Ort = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;
type SessionOptions = import('onnxruntime-node').InferenceSession.SessionOptions;
type RgbaImage = { data: Uint8Array | Uint8ClampedArray; width: number; height: number };
type Box = [number, number][];
type LineImage = { image: RgbaImage; box: Box };
type SplitIntoLineImages = (probability: RgbaImage, source: RgbaImage) => Promise<LineImage[]>;

export interface PaddleModels {
  detectionPath: string;
  recognitionPath: string;
  dictionaryPath: string;
}

/** One grey image, 1 byte per pixel; detection needs width and height in multiples of 32. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** What @gutenye/ocr-node's detect() returned, in the same shape: a row of text, its mean confidence, its box. */
export interface DetectedRow {
  text: string;
  mean: number;
  box: Box;
}

/** Detection: a pixel belongs to text when the model's probability exceeds this (the library's value). */
const DETECTION_THRESHOLD = 0.03;
/** Recognition reads lines scaled to this height (the PP-OCRv4 recogniser's input height). */
const LINE_HEIGHT = 48;
/** Lines read with a lower mean confidence are dropped (the library's filter). */
const MIN_LINE_CONFIDENCE = 0.5;

/** v / 255 for every byte: the models take pixels in 0–1 without mean/std normalisation. */
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

export interface PaddleTimings {
  detectMs: number;
  cropMs: number;
  recogniseMs: number;
  lines: number;
}

export class PaddleOcr {
  private readonly ort: Ort;
  private readonly detection: Session;
  private readonly recognition: Session;
  private readonly dictionary: string[];
  private readonly split: SplitIntoLineImages;
  private readonly sharp: typeof import('sharp');
  /** Time spent in each step of the last read (for the bench and profiling). */
  last: PaddleTimings = { detectMs: 0, cropMs: 0, recogniseMs: 0, lines: 0 };

  private constructor(ort: Ort, detection: Session, recognition: Session, dictionary: string[], split: SplitIntoLineImages, sharp: typeof import('sharp')) {
    this.ort = ort;
    this.detection = detection;
    this.recognition = recognition;
    this.dictionary = dictionary;
    this.split = split;
    this.sharp = sharp;
  }

  static async create(models: PaddleModels, options: SessionOptions): Promise<PaddleOcr> {
    // @gutenye/ocr-node registers the image backend (its sharp-based ImageRaw) that the box finder
    // builds its line crops with; importing it is what makes splitIntoLineImages usable.
    await import('@gutenye/ocr-node');
    const splitModule = '@gutenye/ocr-common/splitIntoLineImages'; // a dependency of @gutenye/ocr-node: imported by name
    const { splitIntoLineImages } = (await import(splitModule)) as { splitIntoLineImages: SplitIntoLineImages };
    const ort = await import('onnxruntime-node');
    const sharp = (await import('sharp')).default;
    const detection = await ort.InferenceSession.create(models.detectionPath, options);
    const recognition = await ort.InferenceSession.create(models.recognitionPath, options);
    // Index 0 is CTC's blank; the dictionary's last entry is a space (as the library reads it).
    const dictionary = [...(await readFile(models.dictionaryPath, 'utf8')).split('\n'), ' '];
    return new PaddleOcr(ort, detection, recognition, dictionary, splitIntoLineImages, sharp);
  }

  /** Finds the text lines of a grey image and reads them: rows of text top to bottom. */
  async read(image: GreyImage): Promise<DetectedRow[]> {
    const t0 = performance.now();
    const probability = await this.detect(image);
    const t1 = performance.now();
    const lineImages = await this.split(probability, greyToRgba(image));
    const t2 = performance.now();
    const read = await this.recogniseLines(lineImages);
    const t3 = performance.now();
    this.last = { detectMs: t1 - t0, cropMs: t2 - t1, recogniseMs: t3 - t2, lines: lineImages.length };
    return groupRows(read);
  }

  /** The detection model's text-probability map, thresholded to a black/white RGBA image of the same size. */
  private async detect(image: GreyImage): Promise<RgbaImage> {
    const { width, height } = image;
    if (width % 32 || height % 32) throw new Error(`识别图像尺寸须为 32 的倍数（${width}×${height}）`);
    const plane = width * height;
    // Three identical channels (the page is grey): fill one plane, copy it twice.
    const input = new Float32Array(plane * 3);
    for (let i = 0; i < plane; i++) input[i] = UNIT[image.data[i]!]!;
    input.copyWithin(plane, 0, plane);
    input.copyWithin(plane * 2, 0, plane);
    const name = this.detection.inputNames[0]!;
    const out = await this.detection.run({ [name]: new this.ort.Tensor('float32', input, [1, 3, height, width]) });
    const map = out[this.detection.outputNames[0]!]!;
    const [, , h, w] = map.dims as number[];
    const p = map.data as Float32Array;
    const rgba = new Uint8Array(w! * h! * 4);
    for (let i = 0, n = 0; i < p.length; i++, n += 4) {
      const v = p[i]! > DETECTION_THRESHOLD ? 255 : 0;
      rgba[n] = v;
      rgba[n + 1] = v;
      rgba[n + 2] = v;
      rgba[n + 3] = 255;
    }
    return { data: rgba, width: w!, height: h! };
  }

  /**
   * Reads each line crop in its own model run, at its own width. Batching lines into one tensor
   * (sorted by width, padded white) was measured: 4 a batch cost 24 % more CPU on title bands and
   * lowered the confidences (卷宗封面 0.998 → 0.925); the padding outweighs the fewer runs.
   */
  private async recogniseLines(lineImages: LineImage[]): Promise<{ text: string; mean: number; box: Box }[]> {
    const scaled = await Promise.all(lineImages.map((l) => this.scaleLine(l.image)));
    const name = this.recognition.inputNames[0]!;
    const read: { text: string; mean: number; box: Box }[] = [];
    for (const [i, line] of scaled.entries()) {
      const plane = line.width * LINE_HEIGHT;
      const input = new Float32Array(plane * 3);
      for (let p = 0; p < plane; p++) input[p] = UNIT[line.data[p]!]!;
      input.copyWithin(plane, 0, plane);
      input.copyWithin(plane * 2, 0, plane);
      const out = await this.recognition.run({ [name]: new this.ort.Tensor('float32', input, [1, 3, LINE_HEIGHT, line.width]) });
      read.push({ ...this.decode(out[this.recognition.outputNames[0]!]!, 0), box: lineImages[i]!.box });
    }
    return read;
  }

  /** A line crop scaled to LINE_HEIGHT, aspect kept (sharp's default kernel, as the library used). Grey: its crops are R=G=B. */
  private async scaleLine(crop: RgbaImage): Promise<{ data: Uint8Array; width: number }> {
    const grey = new Uint8Array(crop.width * crop.height);
    for (let i = 0, n = 0; i < grey.length; i++, n += 4) grey[i] = crop.data[n]!;
    const { data, info } = await this.sharp(grey, { raw: { width: crop.width, height: crop.height, channels: 1 } })
      .resize({ height: LINE_HEIGHT, fit: 'contain' })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`行图像通道数异常：${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width };
  }

  /** CTC greedy decoding of one item of the recogniser's output [batch, steps, classes]. */
  private decode(output: import('onnxruntime-node').Tensor, item: number): { text: string; mean: number } {
    const [, steps, classes] = output.dims as number[];
    const data = output.data as Float32Array;
    const base = item * steps! * classes!;
    let text = '';
    let sum = 0;
    let count = 0;
    let previous = -1;
    for (let s = 0; s < steps!; s++) {
      const from = base + s * classes!;
      let best = 0;
      let bestP = data[from]!;
      for (let c = 1; c < classes!; c++) {
        const v = data[from + c]!;
        if (v > bestP) {
          bestP = v;
          best = c;
        }
      }
      // Blank (0) and repeats of the previous step are not characters.
      if (best !== 0 && best !== previous) {
        text += this.dictionary[best - 1] ?? '';
        sum += bestP;
        count++;
      }
      previous = best;
    }
    return { text, mean: count ? sum / count : 0 };
  }
}

function greyToRgba(image: GreyImage): RgbaImage {
  const rgba = new Uint8Array(image.width * image.height * 4);
  const words = new Uint32Array(rgba.buffer);
  // Little-endian RGBA: alpha in the top byte.
  for (let i = 0; i < words.length; i++) words[i] = 0xff000000 | (image.data[i]! * 0x010101);
  return { data: rgba, width: image.width, height: image.height };
}

/**
 * @gutenye/ocr-common's post-processing, kept as it was (so the rows are the same): drop lines under
 * MIN_LINE_CONFIDENCE, then put boxes whose midlines are within half the mean box height into one
 * row, left to right, rows top to bottom. The library walked the lines last-detected first; so does this.
 */
export function groupRows(lines: readonly DetectedRow[]): DetectedRow[] {
  const kept = [...lines].reverse().filter((l) => l.mean >= MIN_LINE_CONFIDENCE);
  if (!kept.length) return [];
  const top = (b: Box) => b[0]![1];
  const bottom = (b: Box) => b[2]![1];
  const midline = (b: Box) => (top(b) + bottom(b)) / 2;
  const averageHeight = kept.reduce((n, l) => n + bottom(l.box) - top(l.box), 0) / kept.length;
  const groups: DetectedRow[][] = [];
  for (const line of kept) {
    const group = groups.find((g) => Math.abs(midline(g[0]!.box) - midline(line.box)) < averageHeight / 2);
    if (group) group.push(line);
    else groups.push([line]);
  }
  for (const g of groups) g.sort((a, b) => a.box[0]![0] - b.box[0]![0]);
  groups.sort((a, b) => a[0]!.box[0]![1] - b[0]!.box[0]![1]);
  return groups.map((g) => ({
    text: g.map((l) => l.text).join(' '),
    mean: g.reduce((n, l) => n + l.mean, 0) / g.length,
    box: [g[0]!.box[0]!, g.at(-1)!.box[1]!, g.at(-1)!.box[2]!, g[0]!.box[3]!],
  }));
}
