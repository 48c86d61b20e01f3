/**
 * Saving and loading tfjs models and weights on the local file system without tfjs-node.
 *
 * `@tensorflow/tfjs-node` brings a `file://` IOHandler; the pure-JS backends do not. {@link fileSystem} is an
 * `IOHandler` writing the standard tfjs layout (`model.json` + `weights.bin`), readable by
 * `tf.loadLayersModel` and by tfjs-node's handler, and {@link registerFileSystemRouter} makes
 * `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')` work with any backend.
 * Files are written to a temporary name and renamed into place, so an interrupted save never leaves a
 * half-written model behind.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, NotSerializableError} from '../errors';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

function resolvePaths(target: string): {dir: string; modelPath: string} {
  const p = target.startsWith('file://') ? target.slice('file://'.length) : target;
  if (!p) throw new InvalidArgumentError('fileSystem: empty path. Pass a directory or a path ending in model.json.', {argument: 'path'});
  if (p.endsWith('.json')) return {dir: path.dirname(p), modelPath: p};
  return {dir: p, modelPath: path.join(p, MODEL_JSON)};
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, {force: true});
    throw e;
  }
}

/**
 * An `IOHandler` that saves to and loads from a folder on disk (`model.json` + `weights.bin`).
 *
 * @param target A folder (created on save), a path ending in `.json`, or either prefixed with `file://`.
 * @returns An IOHandler for `model.save(handler)` and `tf.loadLayersModel(handler)`.
 * @throws {@link InvalidArgumentError} for an empty path; load throws {@link NotSerializableError} when the
 *   folder holds no readable model.
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {fileSystem} from 'consistency-tfjs/node';
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 2, inputShape: [3]})]});
 * await model.save(fileSystem('/tmp/my-model'));
 * const again = await tfl.loadLayersModel(fileSystem('/tmp/my-model'));
 * again.summary();
 * ```
 */
export function fileSystem(target: string): tf.io.IOHandler {
  const {dir, modelPath} = resolvePaths(target);
  const weightsName = path.basename(modelPath) === MODEL_JSON ? WEIGHTS_BIN : `${path.basename(modelPath, '.json')}.weights.bin`;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      fs.mkdirSync(dir, {recursive: true});
      const weightData = artifacts.weightData == null
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJSON: Record<string, unknown> = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_core}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{paths: [weightsName], weights: artifacts.weightSpecs ?? []}],
      };
      if (artifacts.trainingConfig != null) modelJSON['trainingConfig'] = artifacts.trainingConfig;
      if (artifacts.signature != null) modelJSON['signature'] = artifacts.signature;
      if (artifacts.userDefinedMetadata != null) modelJSON['userDefinedMetadata'] = artifacts.userDefinedMetadata;
      if (artifacts.modelInitializer != null) modelJSON['modelInitializer'] = artifacts.modelInitializer;
      // Weights first: a model.json is only ever visible next to complete weights.
      writeAtomic(path.join(dir, weightsName), new Uint8Array(weightData));
      writeAtomic(modelPath, JSON.stringify(modelJSON));
      return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts)};
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(fs.readFileSync(modelPath, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new NotSerializableError(
          `fileSystem: cannot read a model from ${modelPath}: ${(e as Error).message}. Save one there first with model.save().`,
          {cause: e});
      }
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers = manifest.flatMap((group) => group.paths.map((p) => {
          const bytes = fs.readFileSync(path.join(path.dirname(modelPath), p));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        }));
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

let registered = false;

/**
 * Makes `file://` URLs work in `model.save()` and `tf.loadLayersModel()` on any backend. Does nothing when a
 * `file://` handler already exists (tfjs-node registers its own) or when called twice.
 * @returns Whether this call registered the routers.
 * @example
 * ```ts
 * import {registerFileSystemRouter} from 'consistency-tfjs/node';
 * registerFileSystemRouter();
 * // now: await model.save('file:///tmp/my-model');
 * ```
 */
export function registerFileSystemRouter(): boolean {
  if (registered || tf.io.getSaveHandlers('file:///probe').length > 0) return false;
  // tfjs routers return null for URLs they do not handle (its IORouter type omits the null).
  const route = ((url: string | string[]) => {
    const u = Array.isArray(url) ? url[0] : url;
    return typeof u === 'string' && u.startsWith('file://') ? fileSystem(u) : null;
  }) as Parameters<typeof tf.io.registerSaveRouter>[0];
  tf.io.registerSaveRouter(route);
  tf.io.registerLoadRouter(route);
  registered = true;
  return true;
}
