// Plots for the evaluation report, drawn with Vega-Lite and rendered to SVG in Node (no browser, no canvas).

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { OperatingPoint } from './metrics.js';

/** Renders a Vega-Lite spec to a standalone SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const SYMLOG_CONSTANT = 0.001;
const symlog = (v: number): number => Math.log1p(v / SYMLOG_CONSTANT) / Math.log1p(1 / SYMLOG_CONSTANT);

/**
 * Drops operating points that would not move the curve by a thousandth of the plot in either the DET (symlog) or
 * the ROC (linear) coordinates, so a report on many thousands of images stays small. First and last are kept.
 * Only for drawing: every metric uses all points.
 */
export function thinCurve(points: readonly OperatingPoint[], resolution = 0.001): OperatingPoint[] {
  const kept: OperatingPoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as OperatingPoint;
    const last = kept[kept.length - 1];
    const moved =
      last === undefined ||
      i === points.length - 1 ||
      Math.abs(symlog(p.apcer) - symlog(last.apcer)) >= resolution ||
      Math.abs(symlog(p.bpcer) - symlog(last.bpcer)) >= resolution ||
      Math.abs(p.apcer - last.apcer) >= resolution ||
      Math.abs(p.bpcer - last.bpcer) >= resolution;
    if (moved) kept.push(p);
  }
  return kept;
}

export interface Curve {
  readonly label: string;
  readonly points: readonly OperatingPoint[];
}

/**
 * DET curve: BPCER against APCER, both on a symmetric-log scale so that the low-error corner, where decisions are
 * made, is readable and zero rates still have a place.
 */
export function detSpec(curves: readonly Curve[], title: string): TopLevelSpec {
  const values = curves.flatMap((c) => c.points.map((p, order) => ({ curve: c.label, apcer: p.apcer, bpcer: p.bpcer, order })));
  const axis = (name: string) => ({ type: 'quantitative' as const, title: name, scale: { type: 'symlog' as const, constant: SYMLOG_CONSTANT, domain: [0, 1] } });
  return {
    title,
    width: 320,
    height: 280,
    data: { values },
    mark: { type: 'line', interpolate: 'linear', point: false },
    encoding: {
      x: { field: 'apcer', ...axis('APCER') },
      y: { field: 'bpcer', ...axis('BPCER') },
      color: { field: 'curve', type: 'nominal', title: null },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}

/** ROC curve: bona fide acceptance (1 - BPCER) against APCER, with the chance diagonal. */
export function rocSpec(curves: readonly Curve[], title: string): TopLevelSpec {
  const values = curves.flatMap((c) => c.points.map((p, order) => ({ curve: c.label, apcer: p.apcer, tpr: 1 - p.bpcer, order })));
  return {
    title,
    width: 320,
    height: 280,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'apcer', type: 'quantitative', title: 'APCER', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: '1 - BPCER', scale: { domain: [0, 1] } },
          color: { field: 'curve', type: 'nominal', title: null },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  };
}

/** Histograms of raw scores per class, overlaid; thresholds drawn as vertical rules. */
export function histogramSpec(
  scores: readonly { cls: string; score: number }[],
  thresholds: readonly { name: string; t: number }[],
  title: string,
): TopLevelSpec {
  return {
    title,
    width: 420,
    height: 220,
    layer: [
      {
        data: { values: scores.map((s) => ({ ...s })) },
        mark: { type: 'bar', opacity: 0.55 },
        encoding: {
          x: { field: 'score', type: 'quantitative', bin: { maxbins: 40 }, title: 'raw score (higher = more live)' },
          y: { aggregate: 'count', type: 'quantitative', stack: null, title: 'images' },
          color: { field: 'cls', type: 'nominal', title: 'class', scale: { scheme: 'tableau10' } },
        },
      },
      {
        data: { values: thresholds.map((t) => ({ ...t })) },
        mark: { type: 'rule', strokeDash: [3, 3], color: '#333' },
        encoding: { x: { field: 't', type: 'quantitative' }, tooltip: { field: 'name', type: 'nominal' } },
      },
    ],
  };
}
