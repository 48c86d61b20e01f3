// Writes a run's report: results.json (machine-readable), report.md (tables a person reads) and SVG charts made
// with Vega-Lite (training curves; per-corruption accuracy of teacher vs student). Safe to call repeatedly: every
// file is written to a temporary name and renamed, so an interrupted run still leaves a consistent partial report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type {HistoryRecord, ModelResult, RunResults} from './results';

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const pct = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(2)}%`);
const num = (v: number | null | undefined, d = 4) => (v == null || Number.isNaN(v) ? '–' : v.toFixed(d));

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Long-form rows for plotting: one row per (model, epoch, metric). */
function curveRows(models: RunResults['models']): Array<{model: string; epoch: number; metric: string; value: number}> {
  const rows: Array<{model: string; epoch: number; metric: string; value: number}> = [];
  for (const [name, m] of Object.entries(models) as Array<[string, ModelResult | null]>) {
    if (!m) continue;
    const h: HistoryRecord = m.history;
    for (const metric of ['loss', 'val_loss', 'accuracy', 'val_accuracy']) {
      const values = h[metric];
      if (!values) continue;
      values.forEach((value, i) => {
        if (Number.isFinite(value)) rows.push({model: name, epoch: (h.epoch[i] ?? i) + 1, metric, value});
      });
    }
  }
  return rows;
}

async function svg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), {renderer: 'none'});
  const out = await view.toSVG();
  view.finalize();
  return out;
}

/** Renders the charts; returns the paths written (relative to outDir). */
async function writeCharts(outDir: string, r: RunResults): Promise<string[]> {
  const written: string[] = [];
  const dir = path.join(outDir, 'charts');
  fs.mkdirSync(dir, {recursive: true});
  const curves = curveRows(r.models);
  if (curves.length > 0) {
    const spec: vl.TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `Training curves (${r.dataset.name})`,
      data: {values: curves},
      facet: {column: {field: 'metric', type: 'nominal', title: null}},
      spec: {
        width: 220, height: 160,
        mark: {type: 'line', point: true},
        encoding: {
          x: {field: 'epoch', type: 'quantitative', title: 'epoch', axis: {tickMinStep: 1}},
          y: {field: 'value', type: 'quantitative', title: null, scale: {zero: false}},
          color: {field: 'model', type: 'nominal'},
        },
      },
      resolve: {scale: {y: 'independent'}},
    };
    writeAtomic(path.join(dir, 'training-curves.svg'), await svg(spec));
    written.push('charts/training-curves.svg');
  }
  if (r.robustness && r.robustness.rows.length > 0) {
    const values = r.robustness.rows.flatMap((row) => [
      ...(row.teacher == null ? [] : [{corruption: row.corruption, severity: row.severity, model: 'teacher', accuracy: row.teacher}]),
      ...(row.student == null ? [] : [{corruption: row.corruption, severity: row.severity, model: 'student', accuracy: row.student}]),
    ]);
    const spec: vl.TopLevelSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `Accuracy per corruption (${r.robustness.source}, severity ${r.robustness.severities.join(', ')})`,
      data: {values},
      width: {step: 14},
      height: 220,
      mark: 'bar',
      encoding: {
        x: {field: 'corruption', type: 'nominal', title: null, axis: {labelAngle: -45}},
        xOffset: {field: 'model'},
        y: {field: 'accuracy', type: 'quantitative', aggregate: 'mean', axis: {format: '%'}, scale: {domain: [0, 1]}},
        color: {field: 'model', type: 'nominal'},
      },
    };
    writeAtomic(path.join(dir, 'robustness.svg'), await svg(spec));
    written.push('charts/robustness.svg');
  }
  return written;
}

function markdown(r: RunResults, charts: string[]): string {
  const lines: string[] = [];
  const d = r.dataset;
  lines.push(`# Consistency training run — ${d.synthetic ? `SYNTHETIC DATA (${d.name})` : d.name}`);
  lines.push('');
  lines.push(`Status: **${r.status}**${r.error ? ` (${r.error})` : ''} · preset \`${r.preset}\` · seed ${r.seed} · ` +
    `backend ${r.backend.name} · tfjs ${r.versions.tfjsCore} · consistency-tfjs ${r.versions.consistencyTfjs} · ${r.updatedAt}`);
  lines.push('');
  if (d.synthetic) {
    lines.push(`> These numbers are on **${d.name}**, the library's procedurally drawn dataset, not on CIFAR-10. ${d.note}`);
    lines.push('');
  }
  lines.push('## Data');
  lines.push(table(['dataset', 'source', 'train', 'validation', 'test', 'classes'],
    [[d.name, d.source, d.train, d.validation, d.test, d.classes.length]]));
  lines.push('');
  lines.push('## Clean test accuracy');
  const modelRows: Array<Array<string | number>> = [];
  for (const [name, m] of Object.entries(r.models) as Array<[string, ModelResult | null]>) {
    if (!m) continue;
    modelRows.push([name, m.architecture, m.params.toLocaleString('en-US'), m.epochsRun, pct(m.clean?.accuracy), num(m.clean?.loss), m.notes.join('; ') || '–']);
  }
  lines.push(modelRows.length ? table(['model', 'architecture', 'parameters', 'epochs', 'accuracy', 'loss', 'notes'], modelRows) : '_No model finished training._');
  lines.push('');
  if (r.robustness) {
    const rb = r.robustness;
    lines.push(`## Robustness (${rb.source})`);
    lines.push('');
    lines.push(rb.note);
    lines.push('');
    lines.push(table(['corruption', 'severity', 'teacher', 'student'],
      rb.rows.map((row) => [row.corruption, row.severity, pct(row.teacher), pct(row.student)])));
    lines.push('');
    lines.push(`Mean over ${rb.corruptions.length} corruptions: teacher ${pct(rb.mean.teacher)}, student ${pct(rb.mean.student)}` +
      (rb.studentMceVsTeacher == null ? '.' : `; student corruption error relative to the teacher (mCE-style) ${num(rb.studentMceVsTeacher, 3)}.`));
    lines.push('');
  }
  if (charts.length) {
    lines.push('## Charts');
    for (const c of charts) lines.push(`![${path.basename(c, '.svg')}](${c})`);
    lines.push('');
  }
  lines.push('## Timings');
  lines.push(table(['phase', 'seconds'], Object.entries(r.timings).map(([k, v]) => [k, v.toFixed(1)])));
  lines.push('');
  lines.push('## Configuration');
  lines.push('```json');
  lines.push(JSON.stringify(r.config, null, 2));
  lines.push('```');
  lines.push('');
  lines.push(`Backend choice: ${r.backend.reason}. Training kernels registered: ${r.backend.trainingKernels.join(', ') || 'none'}.`);
  lines.push('');
  lines.push(`Reproduce: \`${r.command.join(' ')}\``);
  lines.push('');
  return lines.join('\n');
}

/**
 * Writes results.json, report.md and the charts into `outDir` (created if needed).
 * @returns The files written, relative to outDir.
 */
export async function writeReport(outDir: string, results: RunResults): Promise<string[]> {
  fs.mkdirSync(outDir, {recursive: true});
  results.updatedAt = new Date().toISOString();
  writeAtomic(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  let charts: string[] = [];
  try {
    charts = await writeCharts(outDir, results);
  } catch (e) {
    // A chart failure must not lose the numbers: report it and go on.
    console.error(`report: charts could not be rendered: ${(e as Error).message}`);
  }
  writeAtomic(path.join(outDir, 'report.md'), markdown(results, charts));
  return ['results.json', 'report.md', ...charts];
}
